# select() over every client, but then readline() on the one that has something: readline()
# waits for the newline, so a client that sent half a line holds up every other client.
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
files = {}
while True:
    readable, _, _ = select.select(sockets, [], [])
    for s in readable:
        if s is server:
            conn, addr = server.accept()
            sockets.append(conn)
            files[conn] = conn.makefile("rb")
            continue
        try:
            line = files[s].readline()
        except ConnectionResetError:
            line = b""
        if not line:
            sockets.remove(s)
            files.pop(s).close()
            s.close()
            continue
        s.sendall(line.decode().upper().encode())
