#!/usr/bin/env python3
"""TCP capitalize client that survives a server restart: sends each line of its input,
prints each answer. When the server goes away (recv() returns nothing, or a send or recv
fails with BrokenPipeError or ConnectionResetError) it connects again, retrying while the
connection is refused or reset (a server in the middle of its restart may do either), sends
the line that has no answer yet again and goes on.

Usage: client.py HOST PORT
"""
import socket
import sys
import time

RETRY_EVERY = 0.05  # seconds between two connection attempts while refused
GIVE_UP_AFTER = 10  # seconds of refused connections before it stops trying


def connect(server):
    give_up = time.monotonic() + GIVE_UP_AFTER
    while True:
        try:
            return socket.create_connection(server)
        except (ConnectionRefusedError, ConnectionResetError, ConnectionAbortedError):
            if time.monotonic() > give_up:
                raise
            time.sleep(RETRY_EVERY)


def ask(sock, text):
    """Sends one line and returns its answer; ConnectionError when the server went away."""
    sock.sendall((text + "\n").encode("utf-8"))
    answer = b""
    while not answer.endswith(b"\n"):
        data = sock.recv(4096)
        if not data:  # the server closed the connection before it answered
            raise ConnectionResetError("the server closed the connection")
        answer += data
    return answer[:-1].decode("utf-8", errors="replace")


def main():
    server = (sys.argv[1], int(sys.argv[2]))
    sock = connect(server)
    for line in sys.stdin:
        text = line.rstrip("\n")
        while True:
            try:
                answer = ask(sock, text)
                break
            except ConnectionError:  # BrokenPipeError, ConnectionResetError
                sock.close()
                sock = connect(server)  # then the same line again: it has no answer yet
        print(answer, flush=True)
    sock.close()


if __name__ == "__main__":
    main()
