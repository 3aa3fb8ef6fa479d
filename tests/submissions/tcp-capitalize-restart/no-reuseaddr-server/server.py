# A TCP capitalize server as most students write it: no SO_REUSEADDR. It works until it is
# restarted while a client is connected; then bind() fails with "Address already in use".
import sys
from socket import *

serverPort = int(sys.argv[1])
serverSocket = socket(AF_INET, SOCK_STREAM)
serverSocket.bind(('', serverPort))
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
