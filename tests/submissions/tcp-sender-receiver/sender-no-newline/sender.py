from socket import *
import sys
serverName = sys.argv[1]
serverPort = int(sys.argv[2])
clientSocket = socket(AF_INET, SOCK_STREAM)
clientSocket.connect((serverName, serverPort))

while True:
    try:
        message = input()
    except EOFError:
        break
    clientSocket.send(message.encode())
clientSocket.close()
