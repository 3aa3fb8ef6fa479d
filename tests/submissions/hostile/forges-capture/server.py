#!/usr/bin/env python3
"""A correct capitalize server that first puts pcapng blocks on its case's wire, so that the
capture netgrade writes (--pcap) would hold blocks of the student's making: a whole section
(section header with a comment FORGED-BY-THE-PROGRAM, an interface named forged, a packet),
an enhanced packet block whose lengths point far past its datagram, and a datagram of 65000
bytes of section-header magic. Each goes to UDP port 9 of loopback, where nothing listens.
It never reads the capture (it cannot: the file is the grader's), and then serves.

Usage: server.py PORT
"""
import socket
import struct
import sys

COMMENT = b"FORGED-BY-THE-PROGRAM"


def option(code, value):
    pad = (4 - len(value) % 4) % 4
    return struct.pack("<HH", code, len(value)) + value + b"\0" * pad


def block(kind, body, options=b""):
    if options:
        body += options + struct.pack("<HH", 0, 0)
    total = len(body) + 12
    return struct.pack("<II", kind, total) + body + struct.pack("<I", total)


def forged_section():
    shb = block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1),
                option(1, COMMENT) + option(4, b"forged"))
    idb = block(1, struct.pack("<HHI", 1, 0, 262144), option(2, b"forged"))
    data = b"\xff" * 60
    epb = block(6, struct.pack("<IIIII", 0, 0, 1, len(data), len(data)) + data, option(1, COMMENT))
    return shb + idb + epb


def main():
    out = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    lying = struct.pack("<II", 6, 0xFFFFFFF0) + b"\0" * 20 + option(1, COMMENT)
    magic = struct.pack("<I", 0x0A0D0D0A) * (65000 // 4)
    for payload in (forged_section(), lying, magic, forged_section() * 3):
        try:
            out.sendto(payload, ("127.0.0.1", 9))
        except OSError as e:
            print(f"sendto: errno {e.errno}", file=sys.stderr)
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("", int(sys.argv[1])))
    server.listen(5)
    while True:
        conn, _ = server.accept()
        with conn:
            data = b""
            while not data.endswith(b"\n"):
                chunk = conn.recv(1024)
                if not chunk:
                    break
                data += chunk
            conn.sendall(data.decode().upper().encode())


if __name__ == "__main__":
    main()
