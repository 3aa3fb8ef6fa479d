#!/usr/bin/env python3
"""UDP capitalize server: answers every datagram with its text in upper case, to the
address it came from.

Usage: server.py PORT
"""
import socket
import sys


def main():
    port = int(sys.argv[1])
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("", port))
        while True:
            data, address = sock.recvfrom(65535)
            text = data.decode("utf-8", errors="replace")
            sock.sendto(text.upper().encode("utf-8"), address)


if __name__ == "__main__":
    main()
