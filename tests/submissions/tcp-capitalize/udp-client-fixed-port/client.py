# Started from the UDP lab's UDPClient.py: the host comes from the command line now, the port
# is still the textbook's, and the socket is still SOCK_DGRAM.
from socket import *
import sys

serverName = sys.argv[1]
serverPort = 12000
clientSocket = socket(AF_INET, SOCK_DGRAM)
for line in sys.stdin:
    message = line.rstrip('\n')
    clientSocket.sendto(message.encode(), (serverName, serverPort))
    modifiedMessage, serverAddress = clientSocket.recvfrom(2048)
    print(modifiedMessage.decode())
clientSocket.close()
