#!/usr/bin/env python3
"""A sender that sends each line once and waits for its ack without a timeout: a lost
datagram (or ack) is never sent again, and it waits forever."""
import socket
import sys

host, port = sys.argv[1], int(sys.argv[2])
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
seq = 0
for line in sys.stdin:
    sock.sendto(f"{seq}:{line.rstrip(chr(10))}".encode(), (host, port))
    while sock.recvfrom(65535)[0].decode().strip() != f"ACK:{seq}":
        pass
    seq = 1 - seq
