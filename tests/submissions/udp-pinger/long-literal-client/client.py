# A pinger that adds a checksum to each ping, copied from the textbook's ICMP pinger skeleton
# (Python 2): 'csum = csum & 0xffffffffL'.
import sys
import time
from socket import *


def checksum(string):
    csum = 0
    countTo = (len(string) // 2) * 2
    count = 0
    while count < countTo:
        thisVal = ord(string[count + 1]) * 256 + ord(string[count])
        csum = csum + thisVal
        csum = csum & 0xffffffffL
        count = count + 2
    return csum


serverName = sys.argv[1]
serverPort = int(sys.argv[2])
clientSocket = socket(AF_INET, SOCK_DGRAM)
clientSocket.settimeout(1)

for i in range(1, 11):
    start = time.time()
    message = "Ping " + str(i) + " " + str(start)
    print("checksum", checksum(message))
    clientSocket.sendto(message.encode(), (serverName, serverPort))
    try:
        modifiedMessage, serverAddress = clientSocket.recvfrom(1024)
        print(modifiedMessage.decode(), "RTT:", time.time() - start)
    except timeout:
        print("Request timed out")
clientSocket.close()
