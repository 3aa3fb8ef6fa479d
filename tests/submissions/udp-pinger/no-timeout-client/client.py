# A pinger with no timeout on its socket: recvfrom() waits forever for an answer that was lost.
import sys
import time
from socket import *

serverName = sys.argv[1]
serverPort = int(sys.argv[2])
clientSocket = socket(AF_INET, SOCK_DGRAM)

for i in range(1, 11):
    start = time.time()
    message = "Ping " + str(i) + " " + str(start)
    clientSocket.sendto(message.encode(), (serverName, serverPort))
    modifiedMessage, serverAddress = clientSocket.recvfrom(1024)
    print(modifiedMessage.decode(), "RTT:", time.time() - start)
clientSocket.close()
