# A select() server, right in every way but one: recv() on a client that reset its
# connection raises ConnectionResetError, which nothing catches, and the whole server dies.
import select
import socket
import sys

port = int(sys.argv[1])
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("", port))
server.listen(5)
print("The server is ready to receive", flush=True)
sockets = [server]
pending = {}
while True:
    readable, _, _ = select.select(sockets, [], [])
    for s in readable:
        if s is server:
            conn, addr = server.accept()
            sockets.append(conn)
            pending[conn] = b""
            continue
        data = s.recv(1024)
        if not data:
            sockets.remove(s)
            del pending[s]
            s.close()
            continue
        pending[s] += data
        while b"\n" in pending[s]:
            line, pending[s] = pending[s].split(b"\n", 1)
            s.sendall(line.decode().upper().encode() + b"\n")
