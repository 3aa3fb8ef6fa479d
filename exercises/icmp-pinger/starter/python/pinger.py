#!/usr/bin/env python3
"""ICMP pinger: COUNT echo requests to HOST, one at a time, each waited for at most 1 s;
prints "seq=<n> time=<ms> ms", "seq=<n> timeout" or "seq=<n> unreachable", then a summary.

Usage: sudo python3 pinger.py HOST COUNT   (a raw socket needs root on your own computer)
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
    header = struct.pack("bbHHh", 8, 0, 0, ident, seq)  # checksum 0 while summing
    header = struct.pack("!bbH", 8, 0, checksum(header + payload)) + header[4:]
    return header + payload


def answer(packet, ident, seq):
    """'reply', 'unreachable' or None: what this IP packet says about request (ident, seq)."""
    icmp = packet[(packet[0] & 0x0F) * 4:]  # a raw socket gives the IP header too
    if len(icmp) < 8:
        return None
    if icmp[0] == 0:  # echo reply: ours only if identifier and sequence are ours
        _, _, _, rid, rseq = struct.unpack("bbHHh", icmp[:8])
        return "reply" if (rid, rseq) == (ident, seq) else None
    if icmp[0] == 3 and len(icmp) >= 36:  # unreachable: it quotes our request's header
        inner = icmp[8:]
        _, _, _, rid, rseq = struct.unpack("bbHHh", inner[(inner[0] & 0x0F) * 4:][:8])
        return "unreachable" if (rid, rseq) == (ident, seq) else None
    return None


def ping_once(sock, host, ident, seq):
    """The round trip in ms, 'timeout' or 'unreachable'."""
    sent = time.monotonic()
    todo("send the echo request to HOST: sock.sendto(echo_request(ident, seq), (host, 1)) "
         "(README, pinger step 2)")
    deadline = sent + WAIT_SECONDS
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return "timeout"
        ready, _, _ = todo("wait at most what is left of the 1 s: "
                           "select.select([sock], [], [], left) (README, pinger step 3)")
        if not ready:
            return "timeout"
        packet = todo("read one IP packet: sock.recv(2048) (README, pinger step 4)")
        got = answer(packet, ident, seq)
        if got == "reply":
            return (time.monotonic() - sent) * 1000
        if got == "unreachable":
            return "unreachable"
        # Another ping's reply, a late or doubled one: not this request's; keep waiting.


def main():
    host = socket.gethostbyname(sys.argv[1])
    count = int(sys.argv[2])
    ident = os.getpid() & 0xFFFF
    times = []
    sock = todo("create an ICMP socket: "
                "socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP) "
                "(README, pinger step 1)")
    for seq in range(1, count + 1):
        result = ping_once(sock, host, ident, seq)
        if isinstance(result, float):
            times.append(result)
            print(f"seq={seq} time={result:.1f} ms", flush=True)
        else:
            print(f"seq={seq} {result}", flush=True)
    todo("close the socket: sock.close() (README, pinger step 5)")
    loss = round(100 * (count - len(times)) / count)
    print(f"{count} sent, {len(times)} received, {loss}% loss")
    if times:
        print(f"rtt min/avg/max = {min(times):.1f}/{sum(times) / len(times):.1f}/{max(times):.1f} ms")


if __name__ == "__main__":
    main()
