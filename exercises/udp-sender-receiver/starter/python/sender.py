#!/usr/bin/env python3
"""UDP sender: sends each line of its input as one datagram, then exits.

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


receiver = (sys.argv[1], int(sys.argv[2]))

sock = todo("create a UDP socket: socket.socket(socket.AF_INET, socket.SOCK_DGRAM) "
            "(README, sender step 1)")

for line in sys.stdin:  # ends by itself at the end of the input
    message = line.rstrip("\n")  # one datagram is one message: no newline needed
    todo("send the message as one datagram: sock.sendto(message.encode(), receiver) "
         "(README, sender step 2)")

todo("close the socket: sock.close() (README, sender step 3)")
