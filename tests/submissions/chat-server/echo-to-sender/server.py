#!/usr/bin/env python3
"""Chat server: every line a client sends goes to every other client connected at that moment.

Usage: python3 server.py PORT
One thread, selectors: the server waits for whichever socket is ready (a new client, or a
line from any client), keeps each client's unfinished line in a buffer of its own, and drops
a client that closes or resets its connection without stopping for the others.
"""
import selectors
import socket
import sys

sel = selectors.DefaultSelector()
listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("", int(sys.argv[1])))
listener.listen()
sel.register(listener, selectors.EVENT_READ)
buffers = {}  # client socket -> bytes received after its last newline


def leave(client):
    sel.unregister(client)
    del buffers[client]
    client.close()


while True:
    for key, _ in sel.select():
        sock = key.fileobj
        if sock is listener:
            client, _ = listener.accept()
            buffers[client] = b""
            sel.register(client, selectors.EVENT_READ)
            continue
        try:
            data = sock.recv(4096)
        except ConnectionError:
            data = b""
        if not data:
            leave(sock)
            continue
        buffers[sock] += data
        *lines, buffers[sock] = buffers[sock].split(b"\n")
        for line in lines:
            for other in list(buffers):
                if True:  # bug: back to its sender too
                    try:
                        other.sendall(line + b"\n")
                    except OSError:
                        pass  # it left: its own recv() will say so
