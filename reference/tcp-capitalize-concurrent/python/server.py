#!/usr/bin/env python3
"""TCP capitalize server for several clients at once: answers every line with the same line
in upper case, to every client connected, each as soon as its line is complete. One thread,
one loop: the selectors module waits until the listening socket or any client has something,
and only then is accept() or recv() called, so neither ever blocks the others.

Usage: server.py PORT
"""
import selectors
import socket
import sys


def main():
    port = int(sys.argv[1])
    selector = selectors.DefaultSelector()
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("", port))
    listener.listen()
    selector.register(listener, selectors.EVENT_READ)
    pending = {}  # each client's part of a line whose newline has not come yet
    print("The server is ready to receive", flush=True)
    while True:
        for key, _ in selector.select():
            sock = key.fileobj
            if sock is listener:
                conn, _ = listener.accept()
                selector.register(conn, selectors.EVENT_READ)
                pending[conn] = b""
                continue
            try:
                data = sock.recv(4096)
            except ConnectionResetError:  # the client reset its connection
                data = b""
            if not data:  # the client is gone: forget it, serve the others
                selector.unregister(sock)
                sock.close()
                del pending[sock]
                continue
            pending[sock] += data
            *lines, pending[sock] = pending[sock].split(b"\n")
            for line in lines:
                answer = line.decode("utf-8", errors="replace").upper() + "\n"
                try:
                    sock.sendall(answer.encode("utf-8"))
                except (BrokenPipeError, ConnectionResetError):
                    break  # it went away meanwhile: the next recv() says so


if __name__ == "__main__":
    main()
