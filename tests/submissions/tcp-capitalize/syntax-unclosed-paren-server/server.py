# TCP capitalize server
# Lab 2, exercise 1
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
    while True:
        sentence = connectionSocket.recv(1024).decode()
        if not sentence:
            break
        capitalizedSentence = sentence.upper()
        connectionSocket.send(capitalizedSentence.encode())
        print('Sent:', capitalizedSentence
    connectionSocket.close()
