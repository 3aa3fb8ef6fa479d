#!/usr/bin/env python3
"""A receiver that finds "its own address" the way a popular tutorial does (a UDP socket
connected to 8.8.8.8, then getsockname(); no datagram is sent) and listens on that address
alone: connections to the computer's other addresses, 127.0.0.1 among them, are refused."""
import socket
import struct
import sys


def local_ip():
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    probe.connect(("8.8.8.8", 53))
    ip = probe.getsockname()[0]
    probe.close()
    return ip


def recv_exactly(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            break
        data += chunk
    return data


with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
    server.bind((local_ip(), int(sys.argv[1])))
    server.listen()
    while True:
        conn, _ = server.accept()
        with conn:
            name = b""
            while not name.endswith(b"\n"):
                name += conn.recv(1)
            (size,) = struct.unpack("!I", recv_exactly(conn, 4))
            body = recv_exactly(conn, size)
            with open(name.decode().strip(), "wb") as f:
                f.write(body)
            conn.sendall(f"OK {len(body)}\n".encode())
