#!/usr/bin/env python3
# Mistake: when a gap fills, acknowledges the packets kept ahead of it but never writes them.
"""Go-Back-N receiver over UDP.

Usage: python3 receiver.py PORT FILE
Receives DATA packets on UDP PORT (every address) and appends their payloads to FILE (in the
working folder) in order, keeping packets that come early until the gap before them fills.
Answers every valid DATA packet with the cumulative ACK (the seq of the packet it now
expects), to the address it came from; drops damaged packets silently. On the FIN it closes
FILE, acknowledges the FIN (seq + 1), answers its repeats for 2 s after the last one, and
exits 0.

Every packet: a 10-byte header, big-endian (type, flags, checksum, seq, len), then the payload.
The checksum is the Internet checksum (RFC 1071) of the whole packet with its field 0.
"""
import socket
import struct
import sys
import time

DATA, ACK, FIN = 0, 1, 2
HEADER = 10          # bytes: "!BBHIH"
PAYLOAD = 1000       # the largest payload a DATA packet may have
KEEP = 1024          # packets kept ahead of the expected one, at most
LINGER = 2.0         # seconds to answer repeated FINs after the last one


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
written = 0

while True:
    data, sender = sock.recvfrom(2048)
    packet = parse(data)
    if packet is None:
        continue  # damaged: dropped as if lost, no ACK
    kind, seq, payload = packet
    if kind == DATA:
        if seq == expected:
            out.write(payload)
            written += len(payload)
            expected += 1
            while expected in kept:  # the gap is filled: what came early counts as come
                kept.pop(expected)  # (never written)
                expected += 1
        elif expected < seq < expected + KEEP:
            kept[seq] = payload
        # seq < expected: a copy of a packet written already; acknowledged again, not written.
        sock.sendto(make_packet(ACK, expected), sender)
    elif kind == FIN and seq == expected:
        break  # every DATA packet has come: FILE is complete

out.close()
print(f"received {name}: {written} bytes in {expected} packets", flush=True)
sock.sendto(make_packet(ACK, expected + 1), sender)

# Linger: the FIN's ACK may be lost, and the sender then sends the FIN again.
until = time.monotonic() + LINGER
while True:
    left = until - time.monotonic()
    if left <= 0:
        break
    sock.settimeout(left)
    try:
        data, sender = sock.recvfrom(2048)
    except socket.timeout:
        break
    packet = parse(data)
    if packet is None:
        continue
    kind, seq, _ = packet
    if kind == FIN and seq == expected:
        sock.sendto(make_packet(ACK, expected + 1), sender)
        until = time.monotonic() + LINGER
    elif kind == DATA:
        sock.sendto(make_packet(ACK, expected), sender)  # a late copy: the same cumulative ACK
sock.close()
