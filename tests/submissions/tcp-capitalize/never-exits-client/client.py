from socket import *
import sys
serverName = sys.argv[1]
serverPort = int(sys.argv[2])
clientSocket = socket(AF_INET, SOCK_STREAM)
clientSocket.connect((serverName, serverPort))

while True:
    try:
        sentence = input()
    except EOFError:
        sentence = ''
    if sentence:
        clientSocket.send((sentence + '\n').encode())
        print(clientSocket.recv(1024).decode().strip())
