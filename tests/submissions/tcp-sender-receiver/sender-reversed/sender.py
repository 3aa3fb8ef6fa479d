from socket import *
import sys
serverName = sys.argv[1]
serverPort = int(sys.argv[2])
clientSocket = socket(AF_INET, SOCK_STREAM)
clientSocket.connect((serverName, serverPort))

messages = sys.stdin.read().splitlines()
for message in reversed(messages):
    clientSocket.send((message + '\n').encode())
clientSocket.close()
