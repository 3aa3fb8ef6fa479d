from socket import *
import sys
serverName = sys.argv[1]
serverPort = int(sys.argv[2])
clientSocket = socket(AF_INET, SOCK_STREAM)
clientSocket.connect((serverName, serverPort))

for line in sys.stdin:
    clientSocket.send(line.encode())
reply = clientSocket.recv(1024)   # waits for an answer that never comes
clientSocket.close()
