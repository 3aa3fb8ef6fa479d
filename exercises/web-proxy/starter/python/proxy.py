#!/usr/bin/env python3
"""A caching web proxy: relays each browser's request to the origin server its URL names,
relays the answer back, and answers the same URL again from its cache.

Usage: python3 proxy.py PORT
Each todo(...) below is one call left to write: replace the todo(...) with the call it
names. Run it as it is and it stops at the first one, saying which step of the README is
next.
"""
import socket
import sys


def todo(step):
    """Stops the program and says which step is still to write."""
    sys.exit("TODO: " + step)


def read_request(conn):
    """The request's bytes up to its blank line; b'' when the client left first. One recv()
    returns what has come so far, so it is called until the blank line is there."""
    data = b""
    while b"\r\n\r\n" not in data and b"\n\n" not in data:
        part = conn.recv(4096)
        if not part:
            return b""
        data += part
    return data


def parse_url(url):
    """'http://host:port/path' -> (host, port, path, 'host:port'); None when it is not one."""
    if not url.startswith("http://"):
        return None
    hostport, _, path = url[len("http://"):].partition("/")
    host, colon, port = hostport.partition(":")
    if not host or (colon and not port.isdigit()):
        return None
    return host, int(port) if colon else 80, "/" + path, hostport


def fetch(host, port, path, hostport):
    """The origin's whole answer, as bytes. Raises OSError when it cannot be reached."""
    origin = todo("connect to the origin: socket.create_connection((host, port)) "
                  "(README, proxy step 5)")
    with origin:
        request = f"GET {path} HTTP/1.0\r\nHost: {hostport}\r\n\r\n"
        todo("send the origin the path alone and the Host header: "
             "origin.sendall(request.encode()) (README, proxy step 6)")
        answer = b""
        while True:
            part = todo("receive what has come: origin.recv(4096) (README, proxy step 7)")
            if not part:  # the origin closed the connection: that was all of it
                return answer
            answer += part


def serve(conn, cache):
    """Answers one client's request."""
    request = read_request(conn)
    if not request:
        return
    words = request.split(b"\n", 1)[0].decode("latin-1").split()
    if len(words) != 3 or words[0] != "GET" or parse_url(words[1]) is None:
        conn.sendall(b"HTTP/1.0 400 Bad Request\r\n\r\n")
        return
    url = words[1]
    if url in cache:  # keyed by the whole URL
        conn.sendall(cache[url])
        return
    host, port, path, hostport = parse_url(url)
    try:
        answer = fetch(host, port, path, hostport)
    except OSError:  # refused, a name that does not resolve: the client still gets an answer
        conn.sendall(b"HTTP/1.0 502 Bad Gateway\r\n\r\n")
        return
    todo("send the whole answer to the client: conn.sendall(answer) (README, proxy step 8)")
    if answer.split(b"\r\n", 1)[0].split(b" ")[1:2] == [b"200"]:  # "HTTP/1.0 200 OK"
        cache[url] = answer


port = int(sys.argv[1])
cache = {}  # URL -> the origin's answer, as bytes

server = todo("create a TCP socket: socket.socket(socket.AF_INET, socket.SOCK_STREAM) "
              "(README, proxy step 1)")
todo("allow a quick restart: server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1) "
     "(README, proxy step 2)")
todo('bind to the port on all interfaces: server.bind(("", port)) (README, proxy step 3)')
todo("wait for clients: server.listen() (README, proxy step 3)")

while True:
    conn, address = todo("take the next client: server.accept() (README, proxy step 4)")
    try:
        serve(conn, cache)
    except OSError:  # the client went away: serve the next one
        pass
    todo("close the client's connection (then take the next one): conn.close() "
         "(README, proxy step 9)")
