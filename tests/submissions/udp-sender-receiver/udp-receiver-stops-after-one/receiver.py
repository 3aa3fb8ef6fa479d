from socket import *
import sys
serverPort = int(sys.argv[1])
serverSocket = socket(AF_INET, SOCK_DGRAM)
serverSocket.bind(('', serverPort))

message, clientAddress = serverSocket.recvfrom(2048)
print(message.decode())
serverSocket.close()
