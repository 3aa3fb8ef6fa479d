#!/usr/bin/env python3
"""TCP capitalize server that can be restarted at once: answers every line a client sends
with the line in upper case. Stopped while a client is connected and started again, it must
listen again on its port at once: that is what SO_REUSEADDR (step 2) is for.

Usage: python3 server.py PORT
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
              "(README, server step 1)")
todo("allow a quick restart: server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1) "
     "(README, server step 2)")
todo('bind to the port on all interfaces: server.bind(("", port)) (README, server step 3)')
todo("wait for clients: server.listen() (README, server step 4)")
print("The server is ready to receive", flush=True)

while True:
    conn, address = todo("take the next client: server.accept() (README, server step 5)")
    pending = b""  # bytes received but not answered yet: the start of a line
    while True:
        try:
            data = todo("receive what has come: conn.recv(4096) (README, server step 6)")
        except ConnectionResetError:  # the connection was reset: like a close
            data = b""
        if not data:  # b"": the client closed the connection
            break
        pending += data
        # TCP is a stream: one recv() may hold half a line, or three. Answer every complete
        # line; keep the rest until its newline comes.
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            answer = line.decode("utf-8", errors="replace").upper() + "\n"
            todo("send the answer back: conn.sendall(answer.encode()) (README, server step 7)")
    todo("close the connection (then take the next client): conn.close() "
         "(README, server step 8)")
