#!/usr/bin/env python3
"""dns-lite client: asks the server for each name of its input and prints
"<name> <address>", "<name> NXDOMAIN" or "<name> TIMEOUT".

Usage: python3 client.py HOST PORT
Each todo(...) below is one call left to write: replace the todo(...) with the call it
names. Run it as it is and it stops at the first one, saying which step of the README is
next.
"""
import socket
import sys
import time


def todo(step):
    """Stops the program and says which step is still to write."""
    sys.exit("TODO: " + step)


server = (sys.argv[1], int(sys.argv[2]))
sock = todo("create a UDP socket: socket.socket(socket.AF_INET, socket.SOCK_DGRAM) "
            "(README, client step 1)")

qid = 0
for line in sys.stdin:
    name = line.strip()
    if not name:
        continue
    qid += 1  # a new id for each name
    result = "TIMEOUT"
    for send in range(3):  # at most 3 sends
        todo('send the query: sock.sendto(f"{qid} {name}".encode(), server) '
             "(README, client step 2)")
        deadline = time.monotonic() + 1.0
        while result == "TIMEOUT" and time.monotonic() < deadline:
            sock.settimeout(max(deadline - time.monotonic(), 0.001))
            try:
                data, _ = todo("wait for an answer: sock.recvfrom(65535) (README, client step 3)")
            except socket.timeout:
                break  # no answer within 1 s: send again
            words = data.decode("utf-8", "replace").split()
            if len(words) == 3 and words[0] == str(qid):  # another id: late or a copy
                result = words[2]
        if result != "TIMEOUT":
            break
    print(f"{name} {result}", flush=True)
