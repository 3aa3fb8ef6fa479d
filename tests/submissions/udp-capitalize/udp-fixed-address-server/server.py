from socket import *
import sys
serverPort = int(sys.argv[1])
serverSocket = socket(AF_INET, SOCK_DGRAM)
serverSocket.bind(('', serverPort))
print('The server is ready to receive')

firstClient = None
while True:
    message, clientAddress = serverSocket.recvfrom(2048)
    if firstClient is None:
        firstClient = clientAddress          # remembers the first client ...
    modifiedMessage = message.decode().upper()
    serverSocket.sendto(modifiedMessage.encode(), firstClient)   # ... and answers it forever
