#!/usr/bin/env python3
"""UDP capitalize server that can be restarted at once: answers every datagram with its text
in upper case, to the address it came from. UDP has no connections to linger on the port
after the program ends, so it binds again at once without SO_REUSEADDR; and a client that was
talking to it before goes on talking to the new one.

Usage: server.py PORT
"""
import socket
import sys


def main():
    port = int(sys.argv[1])
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("", port))
        while True:
            data, address = sock.recvfrom(65535)
            text = data.decode("utf-8", errors="replace")
            sock.sendto(text.upper().encode("utf-8"), address)


if __name__ == "__main__":
    main()
