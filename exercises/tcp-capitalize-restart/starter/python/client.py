#!/usr/bin/env python3
"""TCP capitalize client that survives a server restart: sends each line of its input to the
server and prints each answer. When the server goes away (recv() returns nothing, or a send
fails with BrokenPipeError or ConnectionResetError), it connects again, retrying while the
connection is refused, sends the line that got no answer again and goes on.

Usage: python3 client.py HOST PORT
Each todo(...) below is one socket call left to write: replace the todo(...) with the call
it names. Run it as it is and it stops at the first one, saying which step of the README is
next.
"""
import socket
import sys
import time


def todo(step):
    """Stops the program and says which step is still to write."""
    sys.exit("TODO: " + step)


host, port = sys.argv[1], int(sys.argv[2])


def connect():
    """A socket connected to the server; while nobody listens on the port (the server is
    restarting), tries again every 0.1 s."""
    while True:
        sock = todo("create a TCP socket: socket.socket(socket.AF_INET, socket.SOCK_STREAM) "
                    "(README, client step 1)")
        try:
            todo("connect to the server: sock.connect((host, port)) (README, client step 2)")
            return sock
        except ConnectionRefusedError:  # nobody listens on the port yet
            todo("give up this socket, a new one tries again: sock.close() "
                 "(README, client step 2)")
            time.sleep(0.1)


def ask(sock, sentence):
    """Sends one line and returns its answer; raises ConnectionError (BrokenPipeError,
    ConnectionResetError) when the server went away before it answered."""
    # The newline ends the line: without it the server waits for the rest.
    todo('send the sentence and its newline: sock.sendall((sentence + "\\n").encode()) '
         "(README, client step 3)")
    # The answer may come in pieces: receive until its newline is there.
    pending = b""
    while b"\n" not in pending:
        data = todo("receive what has come: sock.recv(4096) (README, client step 4)")
        if not data:  # b"": the server closed the connection before it answered
            raise ConnectionResetError("the server closed the connection")
        pending += data
    # The server sends one answer per line and nothing more: what follows it is not kept.
    return pending.split(b"\n", 1)[0].decode("utf-8", errors="replace")


sock = connect()
for line in sys.stdin:  # ends by itself at the end of the input
    sentence = line.rstrip("\n")
    while True:
        try:
            answer = ask(sock, sentence)
            break
        except ConnectionError:  # the server went away: connect again, send the same line
            todo("close the dead connection: sock.close() (README, client step 5)")
            sock = connect()
    print(answer, flush=True)  # once, after the answer has come

todo("close the connection: sock.close() (README, client step 6)")
