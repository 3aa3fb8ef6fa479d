# UDP capitalize server, from the textbook's UDPPingerServer, with its "packet loss" kept but
# its threshold lowered until it never drops: every run of this file passes, as a lossy
# server's lucky run does, and the pass is flagged.
import random
import sys
from socket import *

serverPort = int(sys.argv[1])
serverSocket = socket(AF_INET, SOCK_DGRAM)
serverSocket.bind(('', serverPort))
print("The server is ready to receive")
while True:
    message, clientAddress = serverSocket.recvfrom(2048)
    rand = random.randint(0, 10)
    if rand < 0:
        continue
    serverSocket.sendto(message.decode().upper().encode(), clientAddress)
