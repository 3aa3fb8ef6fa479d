#!/usr/bin/env python3
"""TCP capitalize client: sends each line of its input to the server, prints each answer.

Usage: python3 client.py HOST PORT
Each todo(...) below is one socket call left to write: replace the todo(...) with the call
it names. Run it as it is and it stops at the first one, saying which step of the README is
next.
"""
import socket
import sys


def todo(step):
    """Stops the program and says which step is still to write."""
    sys.exit("TODO: " + step)


host, port = sys.argv[1], int(sys.argv[2])

sock = todo("create a TCP socket: socket.socket(socket.AF_INET, socket.SOCK_STREAM) "
            "(README, client step 1)")
todo("connect to the server: sock.connect((host, port)) (README, client step 2)")

pending = b""  # bytes received but not printed yet: the start of an answer
for line in sys.stdin:  # ends by itself at the end of the input
    sentence = line.rstrip("\n")
    # The newline ends the line: without it the server waits for the rest.
    todo('send the sentence and its newline: sock.sendall((sentence + "\\n").encode()) '
         "(README, client step 3)")
    # The answer may come in pieces: receive until its newline is there.
    while b"\n" not in pending:
        data = todo("receive what has come: sock.recv(4096) (README, client step 4)")
        if not data:  # b"": the server closed the connection
            sys.exit("the server closed the connection before it answered")
        pending += data
    answer, pending = pending.split(b"\n", 1)
    print(answer.decode("utf-8", errors="replace"), flush=True)

todo("close the connection: sock.close() (README, client step 5)")
