#!/usr/bin/env python3
# Mistake: floods the link: sends new DATA packets as fast as it can, never reading an ACK and
# never stopping (the window, the ACKs and the end of the file ignored).
import socket
import struct
import sys


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def packet(seq, payload):
    header = struct.pack("!BBHIH", 0, 0, 0, seq, len(payload))
    return struct.pack("!BBHIH", 0, 0, checksum(header + payload), seq, len(payload)) + payload


host, port = sys.argv[1], int(sys.argv[2])
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
payload = b"x" * 1000
seq = 0
while True:
    sock.sendto(packet(seq, payload), (host, port))
    seq += 1
