#!/usr/bin/env python3
"""TCP sender: sends each line of its input to a receiver, then exits.

Usage: python3 sender.py HOST PORT
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
            "(README, sender step 1)")
todo("connect to the receiver: sock.connect((host, port)) (README, sender step 2)")

for line in sys.stdin:  # ends by itself at the end of the input
    message = line.rstrip("\n")
    # The newline ends the message: TCP keeps no boundaries, the receiver splits at "\n".
    todo('send the message and its newline: sock.sendall((message + "\\n").encode()) '
         "(README, sender step 3)")

todo("close the connection: sock.close() (README, sender step 4)")
