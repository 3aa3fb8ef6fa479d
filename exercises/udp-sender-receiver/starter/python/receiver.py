#!/usr/bin/env python3
"""UDP receiver: prints every datagram it receives on its own line, and keeps receiving.

Usage: python3 receiver.py PORT
Each todo(...) below is one socket call left to write: replace the todo(...) with the call
it names. Run it as it is and it stops at the first one, saying which step of the README is
next.
"""
import socket
import sys


def todo(step):
    """Stops the program and says which step is still to write."""
    sys.exit("TODO: " + step)


port = int(sys.argv[1])

sock = todo("create a UDP socket: socket.socket(socket.AF_INET, socket.SOCK_DGRAM) "
            "(README, receiver step 1)")
todo('bind to the port on all interfaces: sock.bind(("", port)) (README, receiver step 2)')

while True:
    # 65535 bytes: as big as a datagram can be. A smaller buffer cuts longer datagrams.
    data, address = todo("receive one datagram and who sent it: sock.recvfrom(65535) "
                         "(README, receiver step 3)")
    print(data.decode("utf-8", errors="replace").rstrip("\n"), flush=True)
