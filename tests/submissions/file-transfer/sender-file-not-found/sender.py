#!/usr/bin/env python3
# File sender: sends the files named on its input over one TCP connection.
# Usage: sender.py HOST PORT
# I keep my test files in files/, next to this script.
import os
import socket
import struct
import sys

FOLDER = "files"


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    names = [line.strip() for line in sys.stdin if line.strip()]
    paths = [os.path.join(FOLDER, name) for name in names]
    for path in paths:
        if not os.path.isfile(path):
            print(f"Error: File '{path}' not found.")
            return
    sock = socket.create_connection((host, port))
    answers = sock.makefile("rb")
    for name, path in zip(names, paths):
        with open(path, "rb") as f:
            content = f.read()
        sock.sendall(name.encode() + b"\n" + struct.pack("!I", len(content)) + content)
        answers.readline()
    sock.close()


main()
