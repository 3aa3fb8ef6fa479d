import socket, sys
# Answers the first line of every client with an endless stream of capital letters.
srv = socket.create_server(("", int(sys.argv[1])))
chunk = b"HELLO WORLD " * 5000
while True:
    conn, _ = srv.accept()
    conn.recv(4096)
    while True:
        conn.sendall(chunk)
