#!/usr/bin/env python3
"""UDP pinger client (the textbook's pinger lab): sends 10 pings "Ping <seq> <time>" to the
server, one at a time, waits at most 1 s for each answer, and prints the answer with its
round-trip time, or "Request timed out". An answer that comes after its 1 s (a late answer
to an earlier ping) is not the answer to the ping being waited for: its sequence number
says so, and it is skipped.

Usage: client.py HOST PORT
"""
import socket
import sys
import time

PINGS = 10
WAIT_SECONDS = 1.0


def main():
    server = (sys.argv[1], int(sys.argv[2]))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for seq in range(1, PINGS + 1):
            sent = time.time()
            sock.sendto(f"Ping {seq} {sent}".encode(), server)
            deadline = time.monotonic() + WAIT_SECONDS
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    print("Request timed out", flush=True)
                    break
                sock.settimeout(left)
                try:
                    data, _ = sock.recvfrom(65535)
                except socket.timeout:
                    print("Request timed out", flush=True)
                    break
                reply = data.decode("utf-8", errors="replace")
                words = reply.split()
                if len(words) >= 2 and words[1] == str(seq):
                    rtt = time.time() - sent
                    print(f"Reply from {server[0]}: {reply}  RTT {rtt:.6f} s", flush=True)
                    break
                # A late answer to an earlier ping: not this one's; wait on.


if __name__ == "__main__":
    main()
