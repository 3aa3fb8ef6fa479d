#!/usr/bin/env python3
"""UDP capitalize server that can be restarted at once: answers every datagram with its text
in upper case. UDP has no connections to linger on the port after the program ends: it binds
again at once when restarted (no SO_REUSEADDR needed), and answers the clients of its
previous run, which just go on sending.

Usage: python3 server.py PORT
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
            "(README, server step 1)")
todo('bind to the port on all interfaces: sock.bind(("", port)) (README, server step 2)')
print("The server is ready to receive", flush=True)

while True:
    # 65535 bytes: as big as a datagram can be. The address is the client's: answer there.
    data, address = todo("receive one datagram and who sent it: sock.recvfrom(65535) "
                         "(README, server step 3)")
    answer = data.decode("utf-8", errors="replace").upper()
    todo("answer the client it came from: sock.sendto(answer.encode(), address) "
         "(README, server step 4)")
