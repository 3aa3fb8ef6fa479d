#!/usr/bin/env python3
"""TCP capitalize client: sends each line of its input, prints each answer.

Usage: client.py HOST PORT
"""
import socket
import sys


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    with socket.create_connection((host, port)) as sock, sock.makefile("rb") as answers:
        for line in sys.stdin:
            sock.sendall((line.rstrip("\n") + "\n").encode("utf-8"))
            answer = answers.readline()
            if not answer:
                print("the server closed the connection", file=sys.stderr)
                sys.exit(1)
            print(answer.decode("utf-8", errors="replace").rstrip("\n"), flush=True)


if __name__ == "__main__":
    main()
