#!/usr/bin/env python3
# Accepts every connection and keeps it, but never reads from it: back to accept() at once.
import socket
import sys

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("", int(sys.argv[1])))
server.listen()
clients = []
while True:
    conn, addr = server.accept()
    clients.append(conn)
