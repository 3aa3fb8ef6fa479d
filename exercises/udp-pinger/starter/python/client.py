#!/usr/bin/env python3
"""UDP pinger client: sends 10 pings "Ping <seq> <time>" to the server, one at a time, waits
at most 1 s for each answer and prints it, or "Request timed out".

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
todo("wait at most 1 s for an answer: sock.settimeout(1.0) (README, client step 2)")

for seq in range(1, 11):
    sent = time.time()  # seconds since 1970: the <time> of the ping, and where its RTT starts
    ping = f"Ping {seq} {sent}"
    todo("send the ping as one datagram: sock.sendto(ping.encode(), server) "
         "(README, client step 3)")
    while True:
        try:
            data, address = todo("wait for the answer: sock.recvfrom(65535) "
                                 "(README, client step 4)")
        except socket.timeout:  # nothing came within 1 s
            print("Request timed out", flush=True)
            break
        reply = data.decode("utf-8", errors="replace")
        if reply.split()[1:2] == [str(seq)]:  # "PING <seq> <time>": this ping's answer
            print(f"Reply from {server[0]}: {reply}  RTT {time.time() - sent:.6f} s", flush=True)
            break
        # A late answer to an earlier ping (it timed out already): not this one's, skip it.

todo("close the socket: sock.close() (README, client step 5)")
