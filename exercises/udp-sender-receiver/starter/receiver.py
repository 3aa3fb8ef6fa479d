#!/usr/bin/env python3
"""UDP receiver. Usage: receiver.py PORT"""
import socket
import sys

port = int(sys.argv[1])
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
# TODO: bind to all interfaces on `port`.

while True:
    # TODO: receive a datagram with a buffer big enough for any datagram, and print it.
    pass
