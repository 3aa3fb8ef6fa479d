#!/usr/bin/env python3
"""Go-Back-N receiver over UDP (starter): writes the file a sender sends to FILE.

Usage: python3 receiver.py PORT FILE
Written for you: the command line, the socket, the packet's header (make_packet, parse) and the
Internet checksum. Left to write: the protocol, each todo(...) below, in the order of the
README's "The receiver, step by step". Run it as it is: it waits for the first packet, then
stops at the first one.
"""
import socket
import struct
import sys
import time

DATA, ACK, FIN = 0, 1, 2
HEADER = 10          # bytes: "!BBHIH", type, flags, checksum, seq, len
PAYLOAD = 1000       # the largest payload a DATA packet may have
KEEP = 1024          # packets kept ahead of the expected one, at most
LINGER = 2.0         # seconds to answer repeated FINs after the last one


def todo(step):
    """Stops the program and says which step is still to write."""
    sys.exit("TODO: " + step)


def checksum(data):
    """The Internet checksum: the one's complement of the one's-complement sum of 16-bit words."""
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def make_packet(kind, seq, payload=b""):
    """The packet's bytes: the header with the checksum of the whole packet, then the payload."""
    header = struct.pack("!BBHIH", kind, 0, 0, seq, len(payload))
    total = checksum(header + payload)
    return header[:2] + struct.pack("!H", total) + header[4:] + payload


def intact(data):
    """True if the checksum field holds the checksum of the packet with that field 0."""
    stored = struct.unpack("!H", data[2:4])[0]
    return checksum(data[:2] + b"\0\0" + data[4:]) == stored


def parse(data):
    """(type, seq, payload) of a well-formed packet, or None for a damaged one."""
    if len(data) < HEADER or not intact(data):
        return None
    kind, _flags, _checksum, seq, length = struct.unpack("!BBHIH", data[:HEADER])
    payload = data[HEADER:]
    if length != len(payload) or length > PAYLOAD:
        return None
    return kind, seq, payload


if len(sys.argv) != 3:
    sys.exit("usage: receiver.py PORT FILE")
port, name = int(sys.argv[1]), sys.argv[2]
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("0.0.0.0", port))
out = open(name, "wb")
expected = 0     # the seq of the next DATA packet to write
kept = {}        # seq -> payload of packets that came before their turn

while True:
    data, sender = sock.recvfrom(2048)
    packet = parse(data)
    if packet is None:
        continue  # damaged: dropped as if lost, no ACK
    kind, seq, payload = packet
    if kind == DATA:
        # seq == expected: write it, and the kept packets that follow it. Later (below
        # expected + KEEP): keep it in `kept`. Below expected: a copy, write nothing.
        todo("write the packet if seq == expected (then the kept ones that follow), keep it if "
             "it is a later one, write nothing for a copy (README, receiver step 1)")
        todo("acknowledge it, to the address it came from: "
             "sock.sendto(make_packet(ACK, expected), sender) (README, receiver step 2)")
    elif kind == FIN and seq == expected:
        todo("the file is complete: close it, and acknowledge the FIN with an ACK of seq + 1 "
             "(README, receiver step 3)")
        todo("linger: answer each repeated FIN the same way until 2 s have passed since the "
             "last one (sock.settimeout()), then exit 0 (README, receiver step 4)")
