#!/usr/bin/env python3
"""Web server: serves the files of its folder over HTTP, one request per connection.

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
print("Ready to serve...", flush=True)

while True:
    conn, address = todo("take the next client: server.accept() (README, server step 5)")
    request = b""
    while b"\r\n\r\n" not in request and b"\n\n" not in request:
        data = todo("receive what has come: conn.recv(4096) (README, server step 6)")
        if not data:  # the client left before the end of its request
            break
        request += data
    # "GET /HelloWorld.html HTTP/1.1": the second word, without its leading "/".
    words = request.split(b"\n", 1)[0].decode("latin-1").split()
    name = words[1][1:] if len(words) >= 2 else ""
    try:
        with open(name, "rb") as f:
            answer = b"HTTP/1.1 200 OK\r\n\r\n" + f.read()
    except (OSError, ValueError):  # no such file (or no name at all)
        answer = b"HTTP/1.1 404 Not Found\r\n\r\n"
    todo("send the answer: conn.sendall(answer) (README, server step 7)")
    todo("close the connection (then take the next client): conn.close() "
         "(README, server step 8)")
