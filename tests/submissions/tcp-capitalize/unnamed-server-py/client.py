# Lab 2 - TCP capitalize client
from socket import *
import sys

serverName = sys.argv[1]
serverPort = int(sys.argv[2])
clientSocket = socket(AF_INET, SOCK_STREAM)
clientSocket.connect((serverName, serverPort))
f = clientSocket.makefile('rb')
while True:
    try:
        sentence = input()
    except EOFError:
        break
    clientSocket.sendall((sentence + '\n').encode())
    print(f.readline().decode(), end='')
clientSocket.close()
