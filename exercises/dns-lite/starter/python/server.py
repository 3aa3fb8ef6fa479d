#!/usr/bin/env python3
"""dns-lite server: answers "<id> <name>" with "<id> <name> <address>", or
"<id> <name> NXDOMAIN", from hosts.txt, to the address each query came from.

Usage: python3 server.py PORT
Each todo(...) below is one call left to write: replace the todo(...) with the call it
names. Run it as it is and it stops at the first one, saying which step of the README is
next.
"""
import socket
import sys


def todo(step):
    """Stops the program and says which step is still to write."""
    sys.exit("TODO: " + step)


port = int(sys.argv[1])
sock = todo("create a UDP socket: socket.socket(socket.AF_INET, socket.SOCK_DGRAM) "
            "(README, server step 1)")
todo('bind it to the port: sock.bind(("", port)) (README, server step 2)')

table = {}
with open("hosts.txt") as f:
    for line in f:
        # Any whitespace (spaces, tabs); the last line has no newline, so no line[:-1].
        words = todo("split the line into words: line.split() (README, server step 3)")
        if len(words) < 2 or words[0].startswith("#"):
            continue  # a blank line or a comment
        table[words[0].lower()] = words[1]

while True:
    data, address = todo("receive a query: sock.recvfrom(65535) (README, server step 4)")
    words = data.decode("utf-8", "replace").split()
    if len(words) != 2 or not words[0].isdigit():
        continue  # not "<id> <name>": no answer
    qid, name = words
    answer = f"{qid} {name} {table.get(name.lower(), 'NXDOMAIN')}"
    todo("answer the sender: sock.sendto(answer.encode(), address) (README, server step 5)")
