#!/usr/bin/env python3
"""A DNS server written for another course's handout: `server.py myPort parentIP parentPort
ipsFile` (a parent server to ask, and the zone file by name). Given the port alone, it stops
at the parent's address, before it ever binds."""
import socket
import sys

my_port = int(sys.argv[1])
parent_ip = sys.argv[2]
parent_port = int(sys.argv[3])
ips_file = sys.argv[4]

table = {}
with open(ips_file) as f:
    for line in f:
        name, address = line.strip().split(",")[:2]
        table[name] = address

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("", my_port))
while True:
    data, client = sock.recvfrom(1024)
    name = data.decode().strip()
    sock.sendto(table.get(name, "not found").encode(), client)
