#!/usr/bin/env python3
"""TCP capitalize server. Usage: server.py PORT"""
import socket
import sys

port = int(sys.argv[1])
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
# TODO: bind to all interfaces on `port`, and listen.
print("The server is ready to receive")

while True:
    # TODO: accept a client; for every line it sends, send back the line in upper case
    #       followed by '\n'; when it disconnects, go back to accept().
    pass
