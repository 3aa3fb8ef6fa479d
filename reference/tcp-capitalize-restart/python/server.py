#!/usr/bin/env python3
"""TCP capitalize server that can be restarted at once: answers every line with the same
line in upper case. SO_REUSEADDR, set before bind(), lets it listen again on its port while
the connections of its previous run still linger there (TIME_WAIT, FIN_WAIT2).

Usage: server.py PORT
"""
import socket
import sys


def serve(conn):
    # A line can arrive in pieces, and several lines in one piece: read from a file-like
    # view of the socket, which buffers and splits at newlines for us.
    with conn, conn.makefile("rb") as lines:
        try:
            for line in lines:
                text = line.decode("utf-8", errors="replace").rstrip("\n")
                conn.sendall((text.upper() + "\n").encode("utf-8"))
        except ConnectionError:  # the client reset the connection: like a close
            pass


def main():
    port = int(sys.argv[1])
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("", port))  # all interfaces, so other computers can connect
        server.listen()
        print("The server is ready to receive", flush=True)
        while True:
            conn, _ = server.accept()
            serve(conn)


if __name__ == "__main__":
    main()
