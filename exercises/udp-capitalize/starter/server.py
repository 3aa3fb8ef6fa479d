#!/usr/bin/env python3
"""UDP capitalize server. Usage: server.py PORT"""
import socket
import sys

port = int(sys.argv[1])
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
# TODO: bind to all interfaces on `port`.

while True:
    # TODO: receive a datagram and the address it came from; send its text in upper case
    #       back to that address.
    pass
