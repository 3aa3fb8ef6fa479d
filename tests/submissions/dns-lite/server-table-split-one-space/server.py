#!/usr/bin/env python3
"""A dns-lite server that reads its table with split(" "): the blank line of hosts.txt (and a
line with a tab) splits into one part, and it stops before it ever listens."""
import socket
import sys

table = {}
with open("hosts.txt") as f:
    for line in f:
        if line.startswith("#"):
            continue
        name, address = line.strip().split(" ")
        table[name.lower()] = address

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("", int(sys.argv[1])))
while True:
    data, client = sock.recvfrom(1024)
    query_id, name = data.decode().split()
    answer = table.get(name.lower(), "NXDOMAIN")
    sock.sendto(f"{query_id} {name} {answer}\n".encode(), client)
