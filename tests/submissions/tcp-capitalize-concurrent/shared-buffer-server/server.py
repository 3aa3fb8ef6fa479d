# select() over every client, and lines put together from pieces: but in ONE buffer for all
# the clients. Half a line from one client and a line from another end up in one answer.
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
buffer = b""
while True:
    readable, _, _ = select.select(sockets, [], [])
    for s in readable:
        if s is server:
            conn, addr = server.accept()
            sockets.append(conn)
            continue
        try:
            data = s.recv(1024)
        except ConnectionResetError:
            data = b""
        if not data:
            sockets.remove(s)
            s.close()
            continue
        buffer += data
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            s.sendall(line.decode().upper().encode() + b"\n")
