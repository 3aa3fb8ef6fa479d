#!/usr/bin/env python3
# Mistake: the textbook's alternating bit (rdt 3.0) as seq: packets are numbered 0, 1, 0, 1, ...
# where the contract numbers them 0, 1, 2, ...: the receiver takes packet 2 as a copy of 0.
"""Go-Back-N sender over UDP.

Usage: python3 sender.py HOST PORT FILE WINDOW
Cuts FILE (in the working folder) into DATA packets of 1000 bytes, keeps at most WINDOW of
them unacknowledged, and when the timer (200 ms, restarted whenever the window's base moves)
fires, sends every unacknowledged packet again. Then sends FIN until its ACK comes, at most 10
times, and exits 0.

Every packet: a 10-byte header, big-endian (type, flags, checksum, seq, len), then the payload.
The checksum is the Internet checksum (RFC 1071) of the whole packet with its field 0.
"""
import socket
import struct
import sys
import time

DATA, ACK, FIN = 0, 1, 2
HEADER = 10          # bytes: "!BBHIH"
PAYLOAD = 1000       # bytes of the file in each DATA packet (the last one may be shorter)
TIMEOUT = 0.2        # seconds
FIN_TRIES = 10


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


def wait_for_ack(sock, want, deadline):
    """True if an ACK with seq `want` comes before `deadline`; other packets are ignored."""
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        sock.settimeout(left)
        try:
            data = sock.recv(2048)
        except socket.timeout:
            return False
        packet = parse(data)
        if packet and packet[0] == ACK and packet[1] == want:
            return True


if len(sys.argv) != 5:
    sys.exit("usage: sender.py HOST PORT FILE WINDOW")
host, port, name, window = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
if window < 1:
    sys.exit("sender.py: WINDOW must be at least 1")
dest = (host, port)
with open(name, "rb") as f:
    content = f.read()
packets = [make_packet(DATA, i % 2, content[start:start + PAYLOAD])
           for i, start in enumerate(range(0, len(content), PAYLOAD))]

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
started = time.monotonic()
base = 0          # the oldest packet not acknowledged
next_seq = 0      # the next packet to send for the first time
deadline = 0.0    # when the timer fires (it runs while base < next_seq)
resent = 0
while base < len(packets):
    # Fill the window. The first packet of an empty window starts the timer.
    while next_seq < len(packets) and next_seq < base + window:
        sock.sendto(packets[next_seq], dest)
        if next_seq == base:
            deadline = time.monotonic() + TIMEOUT
        next_seq += 1

    left = deadline - time.monotonic()
    if left <= 0:
        # The timer fired: Go-Back-N sends every unacknowledged packet again.
        for seq in range(base, next_seq):
            sock.sendto(packets[seq], dest)
        resent += next_seq - base
        deadline = time.monotonic() + TIMEOUT
        continue

    sock.settimeout(left)
    try:
        data = sock.recv(2048)
    except socket.timeout:
        continue  # the timer fired: handled at the top of the loop
    packet = parse(data)
    if packet is None or packet[0] != ACK:
        continue  # damaged, or not an ACK: as if it had been lost
    ack = packet[1]
    if base < ack <= next_seq:
        base = ack  # cumulative: every packet below ack is acknowledged
        deadline = time.monotonic() + TIMEOUT  # the base moved: restart the timer
    # An ACK with ack <= base is a duplicate: nothing to do (the timer will say).

# Every DATA packet is acknowledged: FIN (seq = number of DATA packets) until its ACK (seq + 1).
fin = make_packet(FIN, len(packets))
for attempt in range(FIN_TRIES):
    sock.sendto(fin, dest)
    if wait_for_ack(sock, len(packets) + 1, time.monotonic() + TIMEOUT):
        break
sock.close()
print(f"sent {name}: {len(content)} bytes in {len(packets)} packets, {resent} resent, "
      f"{time.monotonic() - started:.2f} s")
