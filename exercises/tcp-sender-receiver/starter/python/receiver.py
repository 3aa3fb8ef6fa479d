#!/usr/bin/env python3
"""TCP receiver: prints every message (line) that senders send it, one sender after another.

Usage: python3 receiver.py PORT
Each todo(...) below is one socket call left to write: replace the todo(...) with the call
it names. Run it as it is and it stops at the first one, saying which step of the README is
next.
"""
import socket
import sys


def todo(step):
    """Stops the program and says which step is still to write."""
    sys.exit("TODO: " + step)


port = int(sys.argv[1])

server = todo("create a TCP socket: socket.socket(socket.AF_INET, socket.SOCK_STREAM) "
              "(README, receiver step 1)")
todo("allow a quick restart: server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1) "
     "(README, receiver step 2)")
todo('bind to the port on all interfaces: server.bind(("", port)) (README, receiver step 3)')
todo("wait for senders: server.listen() (README, receiver step 4)")

while True:
    conn, address = todo("take the next sender: server.accept() (README, receiver step 5)")
    pending = b""  # bytes received but not printed yet: the start of a message
    while True:
        try:
            data = todo("receive what has come: conn.recv(4096) (README, receiver step 6)")
        except ConnectionResetError:  # the connection was reset: like a close
            data = b""
        if not data:  # b"": the sender closed the connection
            break
        pending += data
        # TCP is a stream: one recv() may hold half a message, or three. Print every
        # complete line; keep the rest until its newline comes.
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            print(line.decode("utf-8", errors="replace"), flush=True)
    todo("close the connection (then take the next sender): conn.close() "
         "(README, receiver step 7)")
