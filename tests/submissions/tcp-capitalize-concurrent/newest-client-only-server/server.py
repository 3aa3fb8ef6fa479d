# select() on the listening socket and on one client: the newest. Each accept() replaces
# `conn`, so the clients before it stay connected (kept in a list) but are never read again.
import select
import socket
import sys

port = int(sys.argv[1])
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("", port))
server.listen(5)
print("The server is ready to receive", flush=True)
conn = None
everyone = []
while True:
    watched = [server] if conn is None else [server, conn]
    readable, _, _ = select.select(watched, [], [])
    for s in readable:
        if s is server:
            conn, addr = server.accept()
            everyone.append(conn)
            print("connected:", addr, "clients so far:", len(everyone), flush=True)
        else:
            data = s.recv(1024)
            if not data:
                s.close()
                if s is conn:
                    conn = None
                continue
            s.sendall(data.decode().upper().encode())
