#!/usr/bin/env python3
"""traceroute: echo requests with TTL 1, 2, 3, ... to HOST; each router where the TTL runs out
answers "time exceeded", the destination an echo reply. Prints one line per TTL,
"<ttl> <address> <rtt> ms", or "<ttl> * * *" when none of its 3 requests (1 s each) was
answered; stops after the destination's line.

Usage: sudo python3 traceroute.py HOST   (a raw socket needs root on your own computer)
Each todo(...) below is one socket call left to write: replace the todo(...) with the call
it names. Run it as it is and it stops at the first one, saying which step of the README is
next.
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


def echo_request(ident, seq):
    """Type 8, code 0, checksum, identifier, sequence number, then the send time as data."""
    payload = struct.pack("d", time.time())
    header = struct.pack("!bbHHH", 8, 0, 0, ident, seq)  # checksum 0 while summing
    return struct.pack("!bbHHH", 8, 0, checksum(header + payload), ident, seq) + payload


def about(packet):
    """('reply' or 'exceeded', identifier, sequence) of an IP packet with ICMP in it; or None.

    An echo reply carries the request's identifier and sequence number; a time exceeded
    quotes the request's IP header and first 8 bytes after its own 8."""
    icmp = packet[(packet[0] & 0x0F) * 4:]  # a raw socket gives the IP header too
    if len(icmp) < 8:
        return None
    if icmp[0] == 0:
        _, _, _, rid, rseq = struct.unpack("!bbHHH", icmp[:8])
        return "reply", rid, rseq
    if icmp[0] == 11 and len(icmp) >= 8 + 20 + 8:
        inner = icmp[8:]
        quoted = inner[(inner[0] & 0x0F) * 4:]
        if len(quoted) < 8:
            return None
        _, _, _, rid, rseq = struct.unpack("!bbHHH", quoted[:8])
        return "exceeded", rid, rseq
    return None


def probe(sock, host, ident, seq, ttl):
    """(address, rtt in ms, reached HOST?) of the answer to this request, or None after 1 s."""
    todo("set this request's TTL: sock.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, ttl) "
         "(README, traceroute step 2)")
    sent = time.monotonic()
    todo("send the echo request to HOST: sock.sendto(echo_request(ident, seq), (host, 1)) "
         "(README, traceroute step 3)")
    deadline = sent + WAIT_SECONDS
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        ready, _, _ = todo("wait at most what is left of the 1 s: "
                           "select.select([sock], [], [], left) (README, traceroute step 4)")
        if not ready:
            return None
        packet, (address, _) = todo("read one IP packet and who sent it: sock.recvfrom(2048) "
                                    "(README, traceroute step 5)")
        got = about(packet)
        if got and got[1:] == (ident, seq):
            return address, (time.monotonic() - sent) * 1000, got[0] == "reply"
        # Not about this request (a late answer to an earlier one, another program's): wait on.


def main():
    host = socket.gethostbyname(sys.argv[1])
    ident = os.getpid() & 0xFFFF
    seq = 0
    sock = todo("create an ICMP socket: "
                "socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP) "
                "(README, traceroute step 1)")
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
            break
    todo("close the socket: sock.close() (README, traceroute step 6)")


if __name__ == "__main__":
    main()
