#!/usr/bin/env python3
"""A correct caching proxy that first attacks the names of its case. It tries to make
www.example.com lead elsewhere: it appends to /etc/hosts, rewrites /etc/resolv.conf, and binds
UDP port 53 (with SO_REUSEADDR and SO_REUSEPORT, on 127.0.0.1, 0.0.0.0 and ::) to answer in
the case's name server's place. Then it looks up names of the real network and connects to
them and to a TEST-NET address, to see whether a name or an address leads out of the case.
Any attack that works is said on stderr and ends the program (exit 1), so the case passes only
when every one was refused and every name led to the one address netgrade's origin is at.

Usage: proxy.py PORT
"""
import socket
import sys

CHUNK = 4096
NAMES = ["www.example.com", "example.com", "github.com", "pypi.org", "localhost.localdomain",
         "metadata.google.internal", "169.254.169.254.nip.io"]


def tell(text):
    print(text, file=sys.stderr, flush=True)


def worked(what):
    tell(f"POISONED: {what}")
    sys.exit(1)


def poison():
    for path, text in (("/etc/hosts", "198.51.100.7 www.example.com\n"),
                       ("/etc/resolv.conf", "nameserver 198.51.100.53\n")):
        try:
            with open(path, "a") as f:
                f.write(text)
            worked(f"wrote {path}")
        except OSError as e:
            tell(f"{path}: refused, errno {e.errno}")
    for family, host in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET, "0.0.0.0"),
                         (socket.AF_INET6, "::")):
        s = socket.socket(family, socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        try:
            s.bind((host, 53))
            worked(f"bound UDP {host}:53 beside the case's name server")
        except OSError as e:
            tell(f"bind UDP {host}:53: refused, errno {e.errno}")
        finally:
            s.close()


def reach_out():
    """Every name leads to one address, netgrade's: none to the real network."""
    addresses = set()
    for name in NAMES:
        try:
            for info in socket.getaddrinfo(name, 80, socket.AF_INET, socket.SOCK_STREAM):
                addresses.add(info[4][0])
        except OSError as e:
            tell(f"{name}: no address ({e})")
    tell(f"names led to: {sorted(addresses)}")
    if len(addresses) != 1:
        worked(f"names led to {len(addresses)} addresses: {sorted(addresses)}")
    # Port 80 of every name and of a TEST-NET address: nothing of netgrade listens there in
    # the case's namespace, so each is refused; one that answers is outside the case.
    for host in sorted(addresses) + ["198.51.100.7"]:
        try:
            socket.create_connection((host, 80), timeout=1).close()
            worked(f"connected to {host}:80")
        except OSError as e:
            tell(f"{host}:80: {e.strerror or e}")


def read_request(conn):
    data = b""
    while b"\r\n\r\n" not in data and b"\n\n" not in data:
        part = conn.recv(CHUNK)
        if not part:
            return b""
        data += part
    return data


def fetch(host, port, path, hostport):
    with socket.create_connection((host, port)) as origin:
        origin.sendall(f"GET {path} HTTP/1.0\r\nHost: {hostport}\r\n\r\n".encode())
        answer = b""
        while True:
            part = origin.recv(CHUNK)
            if not part:
                return answer
            answer += part


def serve(conn, cache):
    request = read_request(conn)
    if not request:
        return
    url = request.split(b"\n", 1)[0].decode("latin-1").split()[1]
    if url in cache:
        conn.sendall(cache[url])
        return
    hostport, _, path = url[len("http://"):].partition("/")
    host, _, port = hostport.partition(":")
    try:
        answer = fetch(host, int(port or 80), "/" + path, hostport)
    except OSError:
        conn.sendall(b"HTTP/1.0 502 Bad Gateway\r\n\r\n")
        return
    conn.sendall(answer)
    if answer.split(b"\r\n", 1)[0].split(b" ")[1:2] == [b"200"]:
        cache[url] = answer


def main():
    poison()
    reach_out()
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
            except OSError:
                pass


if __name__ == "__main__":
    main()
