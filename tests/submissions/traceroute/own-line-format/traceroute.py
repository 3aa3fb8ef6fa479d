#!/usr/bin/env python3
"""traceroute (the textbook's Traceroute lab): echo requests with TTL 1, 2, 3, ... to HOST on
a raw socket; each router where the TTL runs out answers "time exceeded" (type 11), quoting
the request; the destination answers with an echo reply. One line per TTL: the address and
round trip of the first request answered, or "* * *" when none of 3 (each waited for 1 s)
was. An answer is matched to its request by the identifier and sequence number it carries or
quotes: a late answer to an earlier request is not this one's.

Usage: traceroute.py HOST
"""
import os
import select
import socket
import struct
import sys
import time

WAIT_SECONDS = 1.0
TRIES = 3
MOST_HOPS = 30


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def echo_request(ident, seq):
    payload = struct.pack("d", time.time())
    header = struct.pack("!bbHHH", 8, 0, 0, ident, seq)
    return struct.pack("!bbHHH", 8, 0, checksum(header + payload), ident, seq) + payload


def about(packet):
    """(kind, identifier, sequence) of an ICMP packet: 'reply' or 'exceeded'; None otherwise."""
    icmp = packet[(packet[0] & 0x0F) * 4:]
    if len(icmp) < 8:
        return None
    if icmp[0] == 0:
        _, _, _, rid, rseq = struct.unpack("!bbHHH", icmp[:8])
        return "reply", rid, rseq
    if icmp[0] == 11 and len(icmp) >= 8 + 20 + 8:
        inner = icmp[8:]
        quoted = inner[(inner[0] & 0x0F) * 4:]
        _, _, _, rid, rseq = struct.unpack("!bbHHH", quoted[:8])
        return "exceeded", rid, rseq
    return None


def probe(sock, host, ident, seq, ttl):
    """(address, rtt ms, reached) of the answer to this request, or None after 1 s."""
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, ttl)
    sent = time.monotonic()
    sock.sendto(echo_request(ident, seq), (host, 1))
    deadline = sent + WAIT_SECONDS
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        ready, _, _ = select.select([sock], [], [], left)
        if not ready:
            return None
        packet, (address, _) = sock.recvfrom(2048)
        got = about(packet)
        if got and got[1:] == (ident, seq):
            return address, (time.monotonic() - sent) * 1000, got[0] == "reply"


def main():
    host = socket.gethostbyname(sys.argv[1])
    ident = os.getpid() & 0xFFFF
    seq = 0
    with socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP) as sock:
        for ttl in range(1, MOST_HOPS + 1):
            answer = None
            for _ in range(TRIES):
                seq += 1
                answer = probe(sock, host, ident, seq, ttl)
                if answer:
                    break
            if answer is None:
                print(f" {ttl}    *        *        *    Request timed out.", flush=True)
                continue
            address, rtt, reached = answer
            print(f" {ttl}    rtt={rtt:.0f} ms    {address}", flush=True)
            if reached:
                return


if __name__ == "__main__":
    main()
