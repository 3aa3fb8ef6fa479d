#!/usr/bin/env python3
# The same, with a 20 s timeout on accept(), longer than a case: it keeps every connection
# and never reads one.
import socket
import sys

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("", int(sys.argv[1])))
server.listen()
server.settimeout(20)
clients = []
while True:
    try:
        conn, addr = server.accept()
    except socket.timeout:
        continue
    clients.append(conn)
