#!/usr/bin/env python3
"""Chat server: every line a client sends goes to every other client connected at that moment.

Usage: python3 server.py PORT
Each todo(...) below is one socket call left to write: replace the todo(...) with the call
it names. Run it as it is and it stops at the first one, saying which step of the README is
next.
"""
import selectors
import socket
import sys


def todo(step):
    """Stops the program and says which step is still to write."""
    sys.exit("TODO: " + step)


port = int(sys.argv[1])
listener = todo("create a TCP socket: socket.socket(socket.AF_INET, socket.SOCK_STREAM) "
                "(README, server step 1)")
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
todo('bind to the port on all interfaces: listener.bind(("", port)) (README, server step 2)')
listener.listen()
sel = selectors.DefaultSelector()
sel.register(listener, selectors.EVENT_READ)
buffers = {}  # each client's socket -> what it sent after its last newline


def leave(client):
    """The client closed or reset its connection: forget it, and go on with the others."""
    sel.unregister(client)
    del buffers[client]
    client.close()


while True:
    for key, _ in todo("wait until a socket is ready: sel.select() (README, server step 3)"):
        sock = key.fileobj
        if sock is listener:
            client, _ = todo("take the new client: listener.accept() (README, server step 4)")
            buffers[client] = b""
            sel.register(client, selectors.EVENT_READ)
            continue
        try:
            data = todo("read what this client sent: sock.recv(4096) (README, server step 5)")
        except ConnectionError:  # it reset its connection
            data = b""
        if not data:
            leave(sock)
            continue
        buffers[sock] += data
        *lines, buffers[sock] = buffers[sock].split(b"\n")
        for line in lines:
            for other in list(buffers):
                if other is not sock:  # every other client, never the sender
                    try:
                        todo('send the line to it: other.sendall(line + b"\\n") '
                             "(README, server step 6)")
                    except OSError:
                        pass  # it left: its own recv() will say so
