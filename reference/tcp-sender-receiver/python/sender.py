#!/usr/bin/env python3
"""TCP sender: sends each line of its input as a message ending in a newline.

Usage: sender.py HOST PORT
"""
import socket
import sys


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    with socket.create_connection((host, port)) as sock:
        for line in sys.stdin:
            sock.sendall((line.rstrip("\n") + "\n").encode("utf-8"))


if __name__ == "__main__":
    main()
