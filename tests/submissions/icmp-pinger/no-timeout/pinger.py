#!/usr/bin/env python3
"""ICMP pinger (the textbook's ICMP Pinger lab): COUNT echo requests to HOST on a raw socket,
one at a time, each waited for at most 1 s; prints each round trip, a timeout, or an
unreachable destination, then a summary. Identifier and sequence number go in the machine's
byte order, as the textbook's struct.pack("bbHHh", ...) puts them (either order is right).
Replies of another identifier (another ping on the same host), late or doubled replies, and
ICMP messages about other requests are skipped.

Usage: pinger.py HOST COUNT
"""
import os
import select
import socket
import struct
import sys
import time

WAIT_SECONDS = 1.0


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


def answer(packet, ident, seq):
    """'reply', 'unreachable' or None: what this packet says about request (ident, seq)."""
    ihl = (packet[0] & 0x0F) * 4
    icmp = packet[ihl:]
    if len(icmp) < 8:
        return None
    kind = icmp[0]
    if kind == 0:
        _, _, _, rid, rseq = struct.unpack("bbHHh", icmp[:8])
        return "reply" if (rid, rseq) == (ident, seq) else None
    if kind == 3 and len(icmp) >= 8 + 20 + 8:
        inner = icmp[8:]
        inner_icmp = inner[(inner[0] & 0x0F) * 4:]
        _, _, _, rid, rseq = struct.unpack("bbHHh", inner_icmp[:8])
        return "unreachable" if (rid, rseq) == (ident, seq) else None
    return None


def ping_once(sock, host, ident, seq):
    """The round trip in ms, or 'unreachable'. No timeout: a lost reply is waited for forever."""
    sent = time.monotonic()
    sock.sendto(echo_request(ident, seq), (host, 1))
    while True:
        packet = sock.recv(2048)
        got = answer(packet, ident, seq)
        if got == "reply":
            return (time.monotonic() - sent) * 1000
        if got == "unreachable":
            return "unreachable"


def main():
    host = socket.gethostbyname(sys.argv[1])
    count = int(sys.argv[2])
    ident = os.getpid() & 0xFFFF
    times = []
    with socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP) as sock:
        for seq in range(1, count + 1):
            result = ping_once(sock, host, ident, seq)
            if isinstance(result, float):
                times.append(result)
                print(f"seq={seq} time={result:.1f} ms", flush=True)
            else:
                print(f"seq={seq} {result}", flush=True)
    loss = round(100 * (count - len(times)) / count)
    print(f"{count} sent, {len(times)} received, {loss}% loss")
    if times:
        print(f"rtt min/avg/max = {min(times):.1f}/{sum(times) / len(times):.1f}/{max(times):.1f} ms")


if __name__ == "__main__":
    main()
