#!/usr/bin/env python3
"""File sender: sends the files named on its input (one name per line) to a receiver, each
after the receiver's "OK" for the one before, then exits.

Usage: python3 sender.py HOST PORT
Each todo(...) below is one call left to write: replace the todo(...) with the call it
names. Run it as it is and it stops at the first one, saying which step of the README is
next.
"""
import socket
import struct
import sys


def todo(step):
    """Stops the program and says which step is still to write."""
    sys.exit("TODO: " + step)


host, port = sys.argv[1], int(sys.argv[2])

sock = todo("create a TCP socket: socket.socket(socket.AF_INET, socket.SOCK_STREAM) "
            "(README, sender step 1)")
todo("connect to the receiver: sock.connect((host, port)) (README, sender step 2)")

answers = b""  # what the receiver sent, not read yet
for line in sys.stdin:  # ends by itself at the end of the input
    name = line.strip()
    if not name:
        continue
    with open(name, "rb") as f:  # "rb": the bytes as they are on disk, any value
        content = f.read()
    length = todo('the length as 4 bytes, big-endian: struct.pack("!I", len(content)) '
                  "(README, sender step 3)")
    # The name line, the length, the bytes: sendall() sends all of it, in as many
    # send() calls as it takes.
    todo('send the file: sock.sendall(name.encode() + b"\\n" + length + content) '
         "(README, sender step 4)")
    # Wait for "OK <length>\n" before the next file; it may come in pieces.
    while b"\n" not in answers:
        data = todo("receive the answer: sock.recv(1024) (README, sender step 5)")
        if not data:
            sys.exit(f"{name}: the receiver closed the connection without an OK")
        answers += data
    answer, answers = answers.split(b"\n", 1)
    if answer != f"OK {len(content)}".encode():
        sys.exit(f"{name}: the receiver answered {answer!r}")
    print(f"sent {name} ({len(content)} bytes)", flush=True)

todo("close the connection: sock.close() (README, sender step 6)")
