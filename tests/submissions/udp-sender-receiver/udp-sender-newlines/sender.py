from socket import *
import sys
clientSocket = socket(AF_INET, SOCK_DGRAM)
for line in sys.stdin:
    clientSocket.sendto(line.encode(), (sys.argv[1], int(sys.argv[2])))
