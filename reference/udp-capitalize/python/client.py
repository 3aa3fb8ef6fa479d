#!/usr/bin/env python3
"""UDP capitalize client: sends each line as a datagram and prints the answer. An answer
that does not come within 1 s means the line is sent again, 3 sends in all; then it says
"timed out" and goes on with the next line.

Usage: client.py HOST PORT
"""
import socket
import sys

SENDS = 3
WAIT_SECONDS = 1.0


def main():
    server = (sys.argv[1], int(sys.argv[2]))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(WAIT_SECONDS)
        for line in sys.stdin:
            text = line.rstrip("\n")
            for _ in range(SENDS):
                sock.sendto(text.encode("utf-8"), server)
                try:
                    data, _ = sock.recvfrom(65535)
                except socket.timeout:
                    continue
                print(data.decode("utf-8", errors="replace"), flush=True)
                break
            else:
                print("Request timed out:", text, flush=True)


if __name__ == "__main__":
    main()
