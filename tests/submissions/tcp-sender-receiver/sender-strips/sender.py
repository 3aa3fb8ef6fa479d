from socket import *
import sys
serverName = sys.argv[1]
serverPort = int(sys.argv[2])
clientSocket = socket(AF_INET, SOCK_STREAM)
clientSocket.connect((serverName, serverPort))

for line in sys.stdin:
    clientSocket.send((line.strip() + '\n').encode())
clientSocket.close()
