#!/usr/bin/env python3
"""ICMP pinger that floods: 5000 echo requests sent back to back as fast as the socket takes
them (as `ping -f` does), whatever COUNT says, then whatever replies come in 1 s are counted.
The wire passes at most 2000 requests of a case and refuses the rest.

Usage: pinger.py HOST COUNT
"""
import os
import select
import socket
import struct
import sys
import time

WAIT_SECONDS = 1.0
FLOOD = 5000


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def echo_request(ident, seq):
    payload = struct.pack("d", time.time())
    header = struct.pack("bbHHh", 8, 0, 0, ident, seq)
    header = struct.pack("!bbH", 8, 0, checksum(header + payload)) + header[4:]
    return header + payload


def main():
    host = socket.gethostbyname(sys.argv[1])
    ident = os.getpid() & 0xFFFF
    received = 0
    with socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP) as sock:
        for seq in range(1, FLOOD + 1):
            try:
                sock.sendto(echo_request(ident, seq), (host, 1))
            except OSError:
                pass  # a full queue: on with the next
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            ready, _, _ = select.select([sock], [], [], left)
            if not ready:
                break
            sock.recv(2048)
            received += 1
    print(f"{FLOOD} sent, {received} received")


if __name__ == "__main__":
    main()
