#!/usr/bin/env python3
"""UDP capitalize client that carries on while the server restarts: sends each line as a
datagram and prints the answer. An answer that does not come within 1 s means the line is
sent again, 3 sends in all; then it says "timed out" and goes on with the next line.

Its socket is connected (connect() on UDP only sets where send() goes and which datagrams
recv() takes), so the kernel tells it when a datagram met a closed port: the server was not
running. recv() then raises ConnectionRefusedError: the datagram is lost, as on a timeout.

Usage: client.py HOST PORT
"""
import socket
import sys
import time

SENDS = 3
WAIT_SECONDS = 1.0


def main():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.connect((sys.argv[1], int(sys.argv[2])))
        for line in sys.stdin:
            text = line.rstrip("\n")
            for _ in range(SENDS):
                sock.send(text.encode("utf-8"))
                resend_at = time.monotonic() + WAIT_SECONDS
                sock.settimeout(WAIT_SECONDS)
                try:
                    data = sock.recv(65535)
                except socket.timeout:
                    continue
                except ConnectionRefusedError:
                    # Nobody listened on the port: the server is down, perhaps restarting.
                    # Wait out the second, as for a lost answer, then send the line again.
                    time.sleep(max(0.0, resend_at - time.monotonic()))
                    continue
                print(data.decode("utf-8", errors="replace"), flush=True)
                break
            else:
                print("Request timed out:", text, flush=True)


if __name__ == "__main__":
    main()
