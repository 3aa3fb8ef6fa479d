from socket import *
import sys
serverPort = int(sys.argv[1])
serverSocket = socket(AF_INET, SOCK_STREAM)
serverSocket.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
serverSocket.bind(('', serverPort))
serverSocket.listen(1)
while True:
    connectionSocket, addr = serverSocket.accept()
    while True:
        message = connectionSocket.recv(1024)
        if not message:
            break
        print(message.decode().strip())
    connectionSocket.close()
