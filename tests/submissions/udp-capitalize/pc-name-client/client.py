# UDP client: sends a line to the server and prints what comes back
from socket import *
import sys

serverName = 'DESKTOP-7QK2'  # name of my PC where the server runs
serverPort = int(sys.argv[2])
clientSocket = socket(AF_INET, SOCK_DGRAM)
message = input('Input lowercase sentence:')
clientSocket.sendto(message.encode(), (serverName, serverPort))
modifiedMessage, serverAddress = clientSocket.recvfrom(2048)
print(modifiedMessage.decode())
clientSocket.close()
