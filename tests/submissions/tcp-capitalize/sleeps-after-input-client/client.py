#!/usr/bin/env python3
# Answers every line right, then sleeps for an hour instead of exiting (left from debugging).
import socket
import sys
import time

host, port = sys.argv[1], int(sys.argv[2])
sock = socket.create_connection((host, port))
answers = sock.makefile("rb")
for line in sys.stdin:
    sock.sendall((line.rstrip("\n") + "\n").encode())
    print(answers.readline().decode().rstrip("\n"), flush=True)
time.sleep(3600)
