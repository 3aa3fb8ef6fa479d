#!/usr/bin/env python3
"""Stop-and-wait sender (rdt 3.0, alternating bit) over UDP.

Usage: python3 sender.py HOST PORT
Sends each line of its input as one datagram "SEQ:TEXT" (SEQ 0, 1, 0, 1, ...), waits for
"ACK:SEQ", sends the same datagram again when no such ack came within 1 s, ignores an ack of
the other SEQ (a late or duplicated one), and exits once the last line is acked.
"""
import socket
import sys
import time

TIMEOUT = 0.5

host, port = sys.argv[1], int(sys.argv[2])
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
seq = 0
for line in sys.stdin:
    packet = f"{seq}:{line.rstrip(chr(10))}".encode()
    acked = False
    while not acked:
        sock.sendto(packet, (host, port))
        deadline = time.monotonic() + TIMEOUT
        while not acked:
            left = deadline - time.monotonic()
            if left <= 0:
                break  # timed out: send it again
            sock.settimeout(left)
            try:
                data, _ = sock.recvfrom(65535)
            except socket.timeout:
                break
            acked = data.decode(errors="replace").strip() == f"ACK:{seq}"
    seq = 1 - seq
