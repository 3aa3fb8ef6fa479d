# UDP capitalize server, from the textbook's UDPPingerServer: it "simulates packet loss" by
# leaving 40% of the datagrams unanswered on purpose.
import random
import sys
from socket import *

serverPort = int(sys.argv[1])
serverSocket = socket(AF_INET, SOCK_DGRAM)
serverSocket.bind(('', serverPort))
print("The server is ready to receive")
while True:
    message, clientAddress = serverSocket.recvfrom(2048)
    # Simulate packet loss
    if random.random() < 0.4:
        continue
    serverSocket.sendto(message.decode().upper().encode(), clientAddress)
