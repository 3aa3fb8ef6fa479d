#!/usr/bin/env python3
"""File sender: sends the files named on its input, one per line, over one TCP connection.

Usage: sender.py HOST PORT

For each file: its name and "\n", its length as 4 bytes big-endian (network byte order),
then its bytes; then it waits for the receiver's "OK <length>\n" before the next file. At
the end of its input it closes the connection and exits with status 0.
"""
import socket
import struct
import sys


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    with socket.create_connection((host, port)) as sock, sock.makefile("rb") as answers:
        for line in sys.stdin:
            name = line.strip()
            if not name:
                continue
            with open(name, "r") as f:
                content = f.read().encode()
            # struct.pack("!I", n): n as 4 bytes, big-endian ("!"); 12 is 00 00 00 0c.
            header = name.encode("ascii") + b"\n" + struct.pack("!I", len(content))
            # sendall() sends everything, however many send() calls that takes.
            sock.sendall(header + content)
            answer = answers.readline()  # reads until "\n", whatever recv() returns
            if answer != f"OK {len(content)}\n".encode("ascii"):
                sys.exit(f"{name}: the receiver answered {answer!r}, not OK {len(content)}")
            print(f"sent {name} ({len(content)} bytes)", flush=True)


if __name__ == "__main__":
    main()
