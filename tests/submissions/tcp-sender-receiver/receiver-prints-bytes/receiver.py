from socket import *
import sys
serverPort = int(sys.argv[1])
serverSocket = socket(AF_INET, SOCK_STREAM)
serverSocket.bind(('', serverPort))
serverSocket.listen(1)
while True:
    connectionSocket, addr = serverSocket.accept()
    while True:
        data = connectionSocket.recv(1024)
        if not data:
            break
        print(data)
    connectionSocket.close()
