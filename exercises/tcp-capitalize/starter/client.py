#!/usr/bin/env python3
"""TCP capitalize client. Usage: client.py HOST PORT"""
import socket
import sys

host, port = sys.argv[1], int(sys.argv[2])
sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
# TODO: connect to (host, port).

for line in sys.stdin:
    sentence = line.rstrip("\n")
    # TODO: send the sentence and '\n'; read until the whole answer line has come;
    #       print the answer (decoded, not b'...').

sock.close()
