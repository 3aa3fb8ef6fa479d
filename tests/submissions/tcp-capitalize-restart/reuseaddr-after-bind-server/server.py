# Sets SO_REUSEADDR, but after bind(): the option only matters when bind() runs, so the
# restart still fails with "Address already in use" (2 of 41 student servers we read).
import sys
from socket import *

serverPort = int(sys.argv[1])
serverSocket = socket(AF_INET, SOCK_STREAM)
serverSocket.bind(('', serverPort))
serverSocket.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
serverSocket.listen(1)
print('The server is ready to receive')
while True:
    connectionSocket, addr = serverSocket.accept()
    while True:
        sentence = connectionSocket.recv(1024).decode()
        if not sentence:
            break
        connectionSocket.send(sentence.upper().encode())
    connectionSocket.close()
