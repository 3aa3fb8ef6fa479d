# UDP Pinger client (lab 3)
import sys
import time
from socket import *

serverName = sys.argv[1]
serverPort = int(sys.argv[2])
clientSocket = socket(AF_INET, SOCK_DGRAM)
clientSocket.settimeout(1)

for i in range(1, 11):
    start = time.time()
    message = 'Ping %d %s' % (i, start)
    clientSocket.sendto(message.encode(), (serverName, serverPort))
    try:
        clientSocket.recvfrom(1024)
        rtt = time.time() - start
        # the server sends back the message in capitals
        print(message.upper(), 'RTT:', rtt)
    except timeout:
        print('Request timed out')
clientSocket.close()
