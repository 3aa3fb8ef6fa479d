#!/usr/bin/env python3
"""A correct traceroute that first tries to route past the path its case built, through the
routers themselves: an echo request with a loose source route (IP option LSRR) through the
first router to 198.51.100.7, an address no router of the path has a route to. A router that
honoured the option would forward it there and answer (time exceeded, unreachable) or the
address would; any answer quoting that request, or any packet from 198.51.100.7, is said on
stderr and ends the program (exit 1). Then it traces the route as the lab asks.

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


OFF_PATH = "198.51.100.7"


def source_routed(sock, host, ident):
    """The LSRR request: sent to the first hop, the option naming OFF_PATH next."""
    # The first router's address: what a request with TTL 1 gets back (the lab's own probe).
    answer = probe(sock, host, ident, 60000, 1)
    if answer is None:
        print("source route: no first router answered", file=sys.stderr)
        return
    first = answer[0]
    option = bytes([0x83, 7, 4]) + socket.inet_aton(OFF_PATH) + b"\0"  # LSRR, then end
    try:
        sock.setsockopt(socket.IPPROTO_IP, socket.IP_OPTIONS, option)
    except OSError as e:
        print(f"source route: IP_OPTIONS refused, errno {e.errno}", file=sys.stderr)
        return
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, 64)
    try:
        sock.sendto(echo_request(ident, 60001), (first, 1))
    except OSError as e:
        print(f"source route: sendto refused, errno {e.errno}", file=sys.stderr)
        return
    finally:
        sock.setsockopt(socket.IPPROTO_IP, socket.IP_OPTIONS, b"")
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        ready, _, _ = select.select([sock], [], [], left)
        if not ready:
            break
        packet, (address, _) = sock.recvfrom(2048)
        got = about(packet)
        if address == OFF_PATH or (got and got[1:] == (ident, 60001)) or (
                len(packet) > 28 and packet[20] == 3):
            print(f"ESCAPED: an answer from {address} to the source-routed request",
                  file=sys.stderr)
            sys.exit(1)
    print(f"source route through {first} to {OFF_PATH}: no answer in {WAIT_SECONDS} s",
          file=sys.stderr)


def main():
    host = socket.gethostbyname(sys.argv[1])
    ident = os.getpid() & 0xFFFF
    seq = 0
    with socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP) as sock:
        source_routed(sock, host, ident)
        for ttl in range(1, MOST_HOPS + 1):
            answer = None
            for _ in range(TRIES):
                seq += 1
                answer = probe(sock, host, ident, seq, ttl)
                if answer:
                    break
            if answer is None:
                print(f"{ttl} * * *", flush=True)
                continue
            address, rtt, reached = answer
            print(f"{ttl} {address} {rtt:.1f} ms", flush=True)
            if reached:
                return


if __name__ == "__main__":
    main()
