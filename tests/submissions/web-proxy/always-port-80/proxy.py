#!/usr/bin/env python3
"""A caching web proxy: the textbook's proxy lab.

Usage: proxy.py PORT

For each client, one after the other: read its request up to the blank line; answer from
the cache when the URL's answer is there; otherwise connect to the origin (host and port
from the URL, 80 when there is none), send it the path alone with a Host header, read its
whole answer until it closes the connection, send that to the client, and keep it in the
cache when its status is 200. Then close the client's connection. An origin that cannot be
reached is answered "HTTP/1.0 502 Bad Gateway".
"""
import socket
import sys

CHUNK = 4096  # one recv() returns at most this much, often less: always read in a loop


def read_request(conn):
    """The request's bytes up to and with the blank line; b'' when the client left first."""
    data = b""
    while b"\r\n\r\n" not in data and b"\n\n" not in data:
        part = conn.recv(CHUNK)
        if not part:
            return b""
        data += part
    return data


def parse_url(url):
    """'http://host:port/path' -> (host, port, path); None when it is not such a URL."""
    if not url.startswith("http://"):
        return None
    rest = url[len("http://"):]
    hostport, slash, path = rest.partition("/")
    host, colon, port = hostport.partition(":")
    if not host or (colon and not port.isdigit()):
        return None
    return host, 80, "/" + path  # every web server is on port 80


def fetch(host, port, path, hostport):
    """The origin's whole answer, read until it closes the connection."""
    with socket.create_connection((host, port)) as origin:
        request = f"GET {path} HTTP/1.0\r\nHost: {hostport}\r\n\r\n"
        origin.sendall(request.encode())
        answer = b""
        while True:
            part = origin.recv(CHUNK)
            if not part:  # the origin closed: that was all of it
                return answer
            answer += part


def serve(conn, cache):
    request = read_request(conn)
    if not request:
        return
    first = request.split(b"\r\n", 1)[0].split(b"\n", 1)[0].decode("latin-1")
    words = first.split()
    if len(words) != 3 or words[0] != "GET" or parse_url(words[1]) is None:
        conn.sendall(b"HTTP/1.0 400 Bad Request\r\n\r\n")
        return
    url = words[1]
    if url in cache:  # keyed by the whole URL: another path on the same host is another page
        conn.sendall(cache[url])
        return
    host, port, path = parse_url(url)
    hostport = url[len("http://"):].split("/", 1)[0]
    try:
        answer = fetch(host, port, path, hostport)
    except OSError:  # refused, unknown name, timed out: the client still gets an answer
        conn.sendall(b"HTTP/1.0 502 Bad Gateway\r\n\r\n")
        return
    conn.sendall(answer)
    if answer.split(b"\r\n", 1)[0].split(b" ")[1:2] == [b"200"]:
        cache[url] = answer


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: proxy.py PORT")
    cache = {}
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("", int(sys.argv[1])))
    listener.listen()
    while True:
        conn, _ = listener.accept()
        with conn:
            try:
                serve(conn, cache)
            except OSError:  # the client went away: serve the next one
                pass


if __name__ == "__main__":
    main()
