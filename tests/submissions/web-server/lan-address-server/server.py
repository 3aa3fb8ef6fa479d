# The textbook's web server (lab 1): serves the files of its folder, one request per
# connection. Usage: python3 server.py PORT
import sys
from socket import AF_INET, SO_REUSEADDR, SOCK_STREAM, SOL_SOCKET, socket


def read_request(conn):
    """The request's head: every byte up to the blank line, so that close() sends a FIN."""
    data = b""
    while b"\r\n\r\n" not in data and b"\n\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


def main():
    port = 6789  # written in, as the lab machine used it
    server = socket(AF_INET, SOCK_STREAM)
    server.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
    server.bind(("10.0.0.1", port))  # the lab machine's address
    server.listen(5)
    print("Ready to serve...", flush=True)
    while True:
        conn, _ = server.accept()
        try:
            request = read_request(conn)
            words = request.split(b"\n", 1)[0].decode("latin-1").split()
            name = words[1][1:] if len(words) >= 2 else ""
            try:
                with open(name, "rb") as f:
                    body = f.read()
                conn.sendall(b"HTTP/1.1 200 OK\r\n\r\n" + body)
            except (OSError, ValueError):
                conn.sendall(b"HTTP/1.1 404 Not Found\r\n\r\n"
                             b"<html><body><h1>404 Not Found</h1></body></html>\n")
        except OSError:
            pass
        finally:
            conn.close()


main()
