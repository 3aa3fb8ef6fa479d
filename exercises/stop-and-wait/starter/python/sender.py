#!/usr/bin/env python3
"""Stop-and-wait sender (rdt 3.0): sends each line of its input reliably over UDP.

Usage: python3 sender.py HOST PORT
Each todo(...) below is one socket call left to write: replace the todo(...) with the call
it names. Run it as it is and it stops at the first one, saying which step of the README is
next.
"""
import socket
import sys
import time

TIMEOUT = 1.0  # seconds to wait for an ack before sending the same datagram again


def todo(step):
    """Stops the program and says which step is still to write."""
    sys.exit("TODO: " + step)


host, port = sys.argv[1], int(sys.argv[2])
sock = todo("create a UDP socket: socket.socket(socket.AF_INET, socket.SOCK_DGRAM) "
            "(README, sender step 1)")
seq = 0
for line in sys.stdin:
    packet = f"{seq}:{line.rstrip(chr(10))}".encode()
    acked = False
    while not acked:
        todo("send the datagram SEQ:TEXT: sock.sendto(packet, (host, port)) (README, sender step 2)")
        deadline = time.monotonic() + TIMEOUT
        while not acked:
            left = deadline - time.monotonic()
            if left <= 0:
                break  # timed out: send it again
            sock.settimeout(left)
            try:
                data, _ = todo("wait for one datagram: sock.recvfrom(65535) (README, sender step 3)")
            except socket.timeout:
                break
            # An ack of the other SEQ (late or duplicated) is not this line's: keep waiting.
            acked = data.decode(errors="replace").strip() == f"ACK:{seq}"
    seq = 1 - seq
