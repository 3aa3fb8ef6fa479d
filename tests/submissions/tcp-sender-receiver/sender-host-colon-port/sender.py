# Run as: python3 sender.py localhost:5000 < lines.txt
import socket
import sys

host, port = sys.argv[1].split(':')
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect((host, int(port)))
for line in sys.stdin:
    s.sendall(line.encode())
s.close()
