#!/usr/bin/env python3
"""UDP capitalize client. Usage: client.py HOST PORT"""
import socket
import sys

server = (sys.argv[1], int(sys.argv[2]))
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
# TODO: set a timeout of 1 second on the socket.

for line in sys.stdin:
    sentence = line.rstrip("\n")
    # TODO: up to 3 times: send the sentence, wait for the answer; print it and stop.
    #       If all 3 sends time out, print "Request timed out: " and the sentence.
