# Lab 2 - TCP capitalize server
from socket import *
import sys

serverPort = int(sys.argv[1])
serverSocket = socket(AF_INET, SOCK_STREAM)
serverSocket.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
serverSocket.bind(('', serverPort))
serverSocket.listen(1)
print('The server is ready to receive')
while True:
    connectionSocket, addr = serverSocket.accept()
    f = connectionSocket.makefile('rb')
    for line in f:
        connectionSocket.sendall(line.decode().upper().encode())
    connectionSocket.close()
