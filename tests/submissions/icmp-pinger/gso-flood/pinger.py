#!/usr/bin/env python3
"""ICMP "pinger" that floods its link with GSO super-frames instead of pinging: through a
packet socket with PACKET_VNET_HDR (the program has CAP_NET_RAW in an ICMP lab) it writes 50000
frames of 65000 bytes each, an IPv4 TCP segment the virtio header marks for segmentation
later, so the kernel lets it past the link's 1500-byte MTU. No echo request at all.

The wire refuses each frame at its size and records its headers alone. A wire that kept the
first 4000 refused frames whole held 265 MB in the grader (the kernel drops the rest of the
flood before the wire reads it: the flood is that large so that the wire sees thousands).

Usage: pinger.py HOST COUNT
"""
import socket
import struct
import sys

FRAMES = 50000
FRAME_BYTES = 65000
SOL_PACKET, PACKET_VNET_HDR = 263, 15
ETH_P_IP = 0x0800


def link():
    return next(name for _, name in socket.if_nameindex() if name != "lo")


def gso_frame(destination):
    # virtio_net_hdr: NEEDS_CSUM, GSO_TCPV4, header length, segment size, checksum start/offset.
    vnet = struct.pack("<BBHHHH", 1, 1, 14 + 20 + 20, 1448, 14 + 20, 16)
    ip_length = FRAME_BYTES - 14
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, ip_length, 1, 0, 64, 6, 0,
                     socket.inet_aton("10.0.0.2"), socket.inet_aton(destination))
    tcp = struct.pack("!HHIIBBHHH", 40000, 80, 1, 0, 5 << 4, 0x18, 65535, 0, 0)
    ethernet = b"\xff" * 6 + b"\x02\x00\x00\x00\x00\x02" + struct.pack("!H", ETH_P_IP)
    payload = b"G" * (ip_length - 20 - 20)
    return vnet + ethernet + ip + tcp + payload


def main():
    destination = socket.gethostbyname(sys.argv[1])
    name = link()
    written = 0
    with socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0) as sock:
        sock.setsockopt(SOL_PACKET, PACKET_VNET_HDR, 1)
        frame = gso_frame(destination)
        for _ in range(FRAMES):
            try:
                sock.sendto(frame, (name, ETH_P_IP))
                written += 1
            except OSError as e:
                print(f"sendto: {e}", file=sys.stderr)
                break
    print(f"{written} frames of {FRAME_BYTES} bytes written on {name}")


if __name__ == "__main__":
    main()
