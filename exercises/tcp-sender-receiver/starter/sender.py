#!/usr/bin/env python3
"""TCP sender. Usage: sender.py HOST PORT"""
import socket
import sys

host, port = sys.argv[1], int(sys.argv[2])
sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
# TODO: connect to (host, port).

for line in sys.stdin:
    message = line.rstrip("\n")
    # TODO: send the message followed by a newline, as bytes.

# TODO: close the socket.
