#!/usr/bin/env python3
"""UDP receiver: prints every datagram it receives on its own line, and keeps receiving.

Usage: receiver.py PORT
"""
import socket
import sys


def main():
    port = int(sys.argv[1])
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("", port))
        while True:
            data, _ = sock.recvfrom(65535)  # the largest datagram there is: nothing is cut
            print(data.decode("utf-8", errors="replace"), flush=True)


if __name__ == "__main__":
    main()
