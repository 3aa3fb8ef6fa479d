#!/usr/bin/env python3
"""ICMP pinger that floods its link with ARP first: through a packet socket (the program has
CAP_NET_RAW in an ICMP lab) it writes 3000 ARP requests for addresses of its subnet, then 20000
more with a GSO super-frame of 65000 bytes after every second one (PACKET_VNET_HDR), then
pings COUNT times, one request at a time with a 1 s timeout.

The wire passes at most 64 ARP frames from the program's host in a case: its own kernel's
question for the router's link address comes after the flood and is refused, so no echo
request ever leaves the host. The ARP frames come first so that the wire sees at least 64 of
them however loaded the machine is (its receive queue holds hundreds of small frames).

Usage: pinger.py HOST COUNT
"""
import os
import select
import socket
import struct
import sys
import time

SOL_PACKET, PACKET_VNET_HDR = 263, 15
ETH_P_IP, ETH_P_ARP = 0x0800, 0x0806
OWN_MAC = b"\x02\x00\x00\x00\x00\x02"


def arp_request(i):
    target = socket.inet_aton("10.0.%d.%d" % (100 + i // 250 % 100, 1 + i % 250))
    arp = struct.pack("!HHBBH6s4s6s4s", 1, ETH_P_IP, 6, 4, 1, OWN_MAC,
                      socket.inet_aton("10.0.0.2"), b"\0" * 6, target)
    return b"\xff" * 6 + OWN_MAC + struct.pack("!H", ETH_P_ARP) + arp


def gso_frame(destination):
    vnet = struct.pack("<BBHHHH", 1, 1, 54, 1448, 34, 16)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 64986, 1, 0, 64, 6, 0,
                     socket.inet_aton("10.0.0.2"), socket.inet_aton(destination))
    tcp = struct.pack("!HHIIBBHHH", 40000, 80, 1, 0, 5 << 4, 0x18, 65535, 0, 0)
    ethernet = b"\xff" * 6 + OWN_MAC + struct.pack("!H", ETH_P_IP)
    return vnet + ethernet + ip + tcp + b"G" * (64986 - 40)


def flood(destination):
    name = next(n for _, n in socket.if_nameindex() if n != "lo")
    plain = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
    gso = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
    gso.setsockopt(SOL_PACKET, PACKET_VNET_HDR, 1)
    big = gso_frame(destination)
    for i in range(3000 + 20000):
        try:
            plain.sendto(arp_request(i), (name, ETH_P_ARP))
            if i >= 3000 and i % 2 == 0:
                gso.sendto(big, (name, ETH_P_IP))
        except OSError:
            pass  # a full queue: on with the next


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def main():
    host = socket.gethostbyname(sys.argv[1])
    count = int(sys.argv[2])
    flood(host)
    ident = os.getpid() & 0xFFFF
    with socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP) as sock:
        for seq in range(1, count + 1):
            payload = struct.pack("d", time.time())
            header = struct.pack("!BBHHH", 8, 0, 0, ident, seq)
            header = struct.pack("!BBHHH", 8, 0, checksum(header + payload), ident, seq)
            try:
                sock.sendto(header + payload, (host, 1))
            except OSError:
                pass
            ready, _, _ = select.select([sock], [], [], 1.0)
            print(f"seq={seq} " + ("reply" if ready else "timeout"), flush=True)
            if ready:
                sock.recv(2048)


if __name__ == "__main__":
    main()
