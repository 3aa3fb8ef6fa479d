# A correct server in the second style of the handout: a thread per client, each blocking in
# its own client's readline() only. It handles a client that resets its connection.
import socket
import sys
import threading


def serve(conn):
    try:
        with conn, conn.makefile("rb") as lines:
            for line in lines:
                text = line.decode("utf-8", errors="replace").rstrip("\n")
                conn.sendall((text.upper() + "\n").encode("utf-8"))
    except (ConnectionResetError, BrokenPipeError):
        pass  # this client is gone; the others are served by their own threads


port = int(sys.argv[1])
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("", port))
server.listen()
print("The server is ready to receive", flush=True)
while True:
    conn, addr = server.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
