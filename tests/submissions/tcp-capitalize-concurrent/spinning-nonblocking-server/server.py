# A correct server in the course notes' style (the handout's third way): every socket
# non-blocking, one loop that tries accept() and recv() on each client and catches the error
# when nothing is there. It answers right, and handles a reset; but the loop never blocks, so
# it uses a whole CPU while idle (netgrade passes it, with a note).
import socket
import sys

port = int(sys.argv[1])
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("", port))
server.listen(5)
server.setblocking(False)
print("The server is ready to receive", flush=True)

clients = []
pending = {}
while True:
    try:
        conn, addr = server.accept()
        conn.setblocking(False)
        clients.append(conn)
        pending[conn] = b""
    except BlockingIOError:
        pass
    for conn in list(clients):
        try:
            data = conn.recv(1024)
        except BlockingIOError:
            continue  # nothing from this client yet
        except ConnectionResetError:
            data = b""
        if not data:
            clients.remove(conn)
            del pending[conn]
            conn.close()
            continue
        pending[conn] += data
        while b"\n" in pending[conn]:
            line, pending[conn] = pending[conn].split(b"\n", 1)
            conn.sendall(line.decode().upper().encode() + b"\n")
