# The textbook pinger: a 1 s timeout, but whatever datagram comes next is taken for the answer
# to the ping just sent, so a late answer to ping N is printed as the answer to the next one.
import sys
import time
from socket import *

serverName = sys.argv[1]
serverPort = int(sys.argv[2])
clientSocket = socket(AF_INET, SOCK_DGRAM)
clientSocket.settimeout(1)

for i in range(1, 11):
    start = time.time()
    message = "Ping " + str(i) + " " + time.ctime(start)
    clientSocket.sendto(message.encode(), (serverName, serverPort))
    try:
        modifiedMessage, serverAddress = clientSocket.recvfrom(1024)
        elapsed = time.time() - start
        print("Reply from " + serverName + ": " + modifiedMessage.decode(), "RTT:", elapsed)
    except timeout:
        print("Request timed out")
clientSocket.close()
