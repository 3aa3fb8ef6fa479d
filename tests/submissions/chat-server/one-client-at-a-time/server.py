#!/usr/bin/env python3
"""A chat server that serves one client at a time: it reads from the first client until that
one leaves, while the others wait in the backlog (and hear nothing)."""
import socket
import sys

listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("", int(sys.argv[1])))
listener.listen()
clients = []
while True:
    client, _ = listener.accept()
    clients.append(client)
    with client.makefile("rb") as lines:
        for line in lines:  # bug: blocks here on this one client until it leaves
            for other in clients:
                if other is not client:
                    other.sendall(line)
    clients.remove(client)
    client.close()
