# The textbook UDP server, port from the command line, no SO_REUSEADDR: over UDP that is
# fine. Nothing lingers on the port after it ends, so it binds again at once when restarted,
# and a client that talked to it before goes on talking to the new one.
import sys
from socket import *

serverPort = int(sys.argv[1])
serverSocket = socket(AF_INET, SOCK_DGRAM)
serverSocket.bind(('', serverPort))
print("The server is ready to receive")
while True:
    message, clientAddress = serverSocket.recvfrom(2048)
    modifiedMessage = message.decode().upper()
    serverSocket.sendto(modifiedMessage.encode(), clientAddress)
