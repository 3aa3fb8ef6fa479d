#!/usr/bin/env python3
"""UDP capitalize client that carries on while the server restarts: sends each line of its
input as a datagram and prints the answer; sends a line again when no answer comes within
1 s, 3 sends in all. A datagram sent while the server is down is lost like any other: the
send after 1 s reaches the restarted server.

Its socket is connected (on UDP, connect() only sets where send() goes and which datagrams
recv() takes), so the kernel tells it when a datagram found no program on the port: the next
recv() raises ConnectionRefusedError. The server is down: wait out the second, send again.

Usage: python3 client.py HOST PORT
Each todo(...) below is one socket call left to write: replace the todo(...) with the call
it names. Run it as it is and it stops at the first one, saying which step of the README is
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
todo("send to and receive from the server only: sock.connect(server) (README, client step 2)")
todo("wait at most 1 s for an answer: sock.settimeout(1.0) (README, client step 3)")

for line in sys.stdin:  # ends by itself at the end of the input
    sentence = line.rstrip("\n")
    answered = False
    for attempt in range(3):  # a datagram or its answer may be lost: send again
        todo("send the sentence as one datagram: sock.send(sentence.encode()) "
             "(README, client step 4)")
        send_again_at = time.monotonic() + 1.0
        try:
            data = todo("wait for the answer: sock.recv(65535) (README, client step 5)")
        except socket.timeout:  # nothing came within 1 s
            continue
        except ConnectionRefusedError:  # no program on the server's port: it is restarting
            time.sleep(max(0.0, send_again_at - time.monotonic()))  # wait out the second
            continue
        print(data.decode("utf-8", errors="replace"), flush=True)
        answered = True
        break
    if not answered:
        print("Request timed out:", sentence, flush=True)

todo("close the socket: sock.close() (README, client step 6)")
