import socket
import sys

host = sys.argv[1]
port = int(sys.argv[2])
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(1.0)

while True:
    try:
        line = input()
    except EOFError:
        break
    sock.sendto(line.encode(), (host, port))
    try:
        data, server = sock.recvfrom(2048)
        print(data.decode())
    except socket.timeout:
        print("timed out")
sock.close()
