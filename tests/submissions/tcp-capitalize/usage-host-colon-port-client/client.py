import sys
from socket import *

if len(sys.argv) != 2 or ':' not in sys.argv[1]:
    print('Usage: python client.py HOST:PORT')
    sys.exit(1)
serverName, serverPort = sys.argv[1].split(':')
clientSocket = socket(AF_INET, SOCK_STREAM)
clientSocket.connect((serverName, int(serverPort)))
for line in sys.stdin:
    clientSocket.send(line.encode())
    print(clientSocket.recv(1024).decode(), end='')
clientSocket.close()
