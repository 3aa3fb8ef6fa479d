#!/usr/bin/env python3
"""UDP sender. Usage: sender.py HOST PORT"""
import socket
import sys

receiver = (sys.argv[1], int(sys.argv[2]))
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)

for line in sys.stdin:
    message = line.rstrip("\n")
    # TODO: send the message as one datagram to `receiver`.
