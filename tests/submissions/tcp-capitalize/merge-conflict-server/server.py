import socket
import sys

<<<<<<< HEAD
PORT = int(sys.argv[1])
=======
PORT = 12000
>>>>>>> origin/main

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.bind(("", PORT))
server.listen(1)
while True:
    conn, _ = server.accept()
    line = conn.recv(1024)
    conn.sendall(line.upper())
    conn.close()
