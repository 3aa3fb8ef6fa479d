#!/usr/bin/env python3
"""UDP sender: sends each line of its input as one datagram.

Usage: sender.py HOST PORT
"""
import socket
import sys


def main():
    receiver = (sys.argv[1], int(sys.argv[2]))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for line in sys.stdin:
            sock.sendto(line.rstrip("\n").encode("utf-8"), receiver)


if __name__ == "__main__":
    main()
