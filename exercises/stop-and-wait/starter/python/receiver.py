#!/usr/bin/env python3
"""Stop-and-wait receiver (rdt 3.0): acks every datagram SEQ:TEXT and prints each TEXT once.

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
expected = "0"  # the SEQ of the next new line
while True:
    data, sender = todo("receive one datagram and who sent it: sock.recvfrom(65535) "
                        "(README, receiver step 3)")
    seq, colon, text = data.decode(errors="replace").partition(":")
    if not colon or seq not in ("0", "1"):
        continue
    todo('ack it, to the address it came from: sock.sendto(f"ACK:{seq}".encode(), sender) '
         "(README, receiver step 4)")
    if seq == expected:  # a new line; the other SEQ is a copy sent again: acked, not printed
        print(text.rstrip("\r\n"), flush=True)
        expected = "1" if expected == "0" else "0"
