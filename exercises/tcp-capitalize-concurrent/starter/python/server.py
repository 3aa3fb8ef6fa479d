#!/usr/bin/env python3
"""TCP capitalize server for several clients at once: answers every line with the same line
in upper case, to every client connected, each as soon as its line is complete.

One loop waits (selector.select()) until the listening socket or any client has something;
only then is accept() or recv() called, so that neither ever waits for one client while
the others talk.

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
selector = selectors.DefaultSelector()  # select() for you: epoll on Linux

listener = todo("create a TCP socket: socket.socket(socket.AF_INET, socket.SOCK_STREAM) "
                "(README, server step 1)")
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # restart at once
todo('bind to the port on all interfaces: listener.bind(("", port)) (README, server step 2)')
todo("listen for clients: listener.listen() (README, server step 3)")
selector.register(listener, selectors.EVENT_READ)
pending = {}  # each client's part of a line whose newline has not come yet
print("The server is ready to receive", flush=True)

while True:
    # Every socket that has something: the listener (a client is connecting) or a client.
    for key, events in todo("wait until a socket has something: selector.select() "
                            "(README, server step 4)"):
        sock = key.fileobj
        if sock is listener:
            conn, address = todo("accept the new client: listener.accept() "
                                 "(README, server step 5)")
            todo("watch it too: selector.register(conn, selectors.EVENT_READ) "
                 "(README, server step 6)")
            pending[conn] = b""
            continue
        try:
            data = todo("read what this client sent: sock.recv(4096) (README, server step 7)")
        except ConnectionResetError:  # the client reset its connection
            data = b""
        if not data:  # the client is gone: forget it, serve the others
            todo("stop watching it: selector.unregister(sock) (README, server step 8)")
            sock.close()
            del pending[sock]
            continue
        pending[sock] += data  # a line may come in pieces: keep them, per client
        *lines, pending[sock] = pending[sock].split(b"\n")
        for line in lines:  # every line complete by now
            answer = line.decode("utf-8", errors="replace").upper() + "\n"
            todo("answer this client: sock.sendall(answer.encode()) (README, server step 9)")
