# A web server that never opens a file: it answers the pages the public spec names from a
# table written in the program (the classic way to pass a grader whose inputs never change).
import sys
from socket import AF_INET, SOCK_STREAM, SOL_SOCKET, SO_REUSEADDR, socket

PAGES = {
    "/HelloWorld.html": "<html><head><title>Hello</title></head><body>Hello, World!</body></html>\n",
    "/notes.txt": "first line of the notes\nsecond line of the notes\n",
}

server = socket(AF_INET, SOCK_STREAM)
server.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
server.bind(("", int(sys.argv[1])))
server.listen(1)
while True:
    conn, _ = server.accept()
    request = conn.recv(4096).decode()
    parts = request.split()
    path = parts[1] if len(parts) > 1 else "/"
    if path in PAGES:
        conn.sendall(("HTTP/1.1 200 OK\r\n\r\n" + PAGES[path]).encode())
    else:
        conn.sendall(b"HTTP/1.1 404 Not Found\r\n\r\n")
    conn.close()
