#!/usr/bin/env python3
"""TCP receiver. Usage: receiver.py PORT"""
import socket
import sys

port = int(sys.argv[1])
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
# TODO: bind to all interfaces on `port`, and listen.

while True:
    # TODO: accept a sender.
    # TODO: read until the sender closes the connection, and print every line on its own
    #       line. One recv() is not one message: split what you receive at '\n'.
    pass
