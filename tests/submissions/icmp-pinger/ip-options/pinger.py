#!/usr/bin/env python3
"""ICMP pinger whose echo requests carry an IP option: record route (IP_OPTIONS on its raw
socket), which has every router write its address in the packet. Otherwise right: COUNT
requests, one at a time, 1 s timeout each.

The wire passes echo requests with a plain 20-byte IPv4 header only (source routes would steer
a packet past the case's path): each is refused and recorded, and the diagnosis names the
option.

Usage: pinger.py HOST COUNT
"""
import os
import select
import socket
import struct
import sys
import time

# Record route: type 7, length 39, pointer 4, room for 9 addresses; one end-of-list byte pads
# the options to 40.
RECORD_ROUTE = bytes([7, 39, 4]) + b"\0" * 36 + b"\0"


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def main():
    host = socket.gethostbyname(sys.argv[1])
    count = int(sys.argv[2])
    ident = os.getpid() & 0xFFFF
    with socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP) as sock:
        sock.setsockopt(socket.IPPROTO_IP, socket.IP_OPTIONS, RECORD_ROUTE)
        for seq in range(1, count + 1):
            payload = struct.pack("d", time.time())
            header = struct.pack("!BBHHH", 8, 0, 0, ident, seq)
            header = struct.pack("!BBHHH", 8, 0, checksum(header + payload), ident, seq)
            sent = time.time()
            sock.sendto(header + payload, (host, 1))
            ready, _, _ = select.select([sock], [], [], 1.0)
            if ready:
                sock.recv(2048)
                print(f"seq={seq} time={(time.time() - sent) * 1000:.3f} ms", flush=True)
            else:
                print(f"seq={seq} timeout", flush=True)


if __name__ == "__main__":
    main()
