import socket
import sys

host = sys.argv[1]
port = int(sys.argv[2])
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect((host, port))

lines = sys.stdin.readlines()
for line in lines:
    s.send(line.encode())

data = s.recv(1024)
print(data.decode(), end="")
s.close()
