#!/usr/bin/env python3
"""Go-Back-N sender over UDP (starter): sends FILE to the receiver at HOST:PORT.

Usage: python3 sender.py HOST PORT FILE WINDOW
Written for you: the command line, the socket, the packet's header (make_packet, parse) and the
Internet checksum. Left to write: the protocol, each todo(...) below, in the order of the
README's "The sender, step by step". Run it as it is and it stops at the first one.
"""
import socket
import struct
import sys
import time

DATA, ACK, FIN = 0, 1, 2
HEADER = 10          # bytes: "!BBHIH", type, flags, checksum, seq, len
PAYLOAD = 1000       # bytes of the file in each DATA packet (the last one may be shorter)
TIMEOUT = 0.2        # seconds
FIN_TRIES = 10


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


if len(sys.argv) != 5:
    sys.exit("usage: sender.py HOST PORT FILE WINDOW")
host, port, name, window = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
dest = (host, port)
with open(name, "rb") as f:
    content = f.read()
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)

packets = todo("cut the file into payloads of 1000 bytes (the last one shorter; an empty file "
               "has none) and make DATA packet i of payload i: make_packet(DATA, i, payload) "
               "(README, sender step 1)")

base = 0          # the oldest packet not acknowledged
next_seq = 0      # the next packet to send for the first time
deadline = 0.0    # when the timer fires: time.monotonic() + TIMEOUT
while base < len(packets):
    todo("send packets while next_seq < base + window (and packets are left); the first "
         "packet of an empty window (next_seq == base) starts the timer (README, sender step 2)")
    todo("if the timer has fired (time.monotonic() >= deadline), send packets base to "
         "next_seq - 1 again and restart the timer (README, sender step 3)")
    todo("wait for a datagram until the deadline: sock.settimeout(...), sock.recv(2048); "
         "parse() it: None is a damaged packet, ignore it (README, sender step 4)")
    todo("an ACK n with base < n <= next_seq acknowledges every packet below n: base = n, and "
         "restart the timer; an ACK n <= base (a duplicate) changes nothing (README, sender step 5)")

todo("send FIN with seq len(packets) until an ACK with seq len(packets) + 1 comes, waiting "
     "TIMEOUT for it each time, at most FIN_TRIES times (README, sender step 6)")
print(f"sent {name}: {len(content)} bytes in {len(packets)} packets")
