#!/usr/bin/env python3
"""TCP receiver: accepts senders one after another and prints every message on its own line.

Usage: receiver.py PORT
"""
import socket
import sys


def main():
    port = int(sys.argv[1])
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("", port))
        server.listen()
        while True:
            conn, _ = server.accept()
            with conn, conn.makefile("rb") as lines:
                # One line is one message, however recv() happens to cut the stream.
                for line in lines:
                    print(line.decode("utf-8", errors="replace").rstrip("\n"), flush=True)


if __name__ == "__main__":
    main()
