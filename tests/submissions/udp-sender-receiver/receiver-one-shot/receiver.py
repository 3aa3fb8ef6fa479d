import socket
import sys

port = int(sys.argv[1])
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("", port))
print("waiting for a message...")
data, addr = sock.recvfrom(1024)
print(data.decode())
