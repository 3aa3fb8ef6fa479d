from socket import *
import sys
clientSocket = socket(AF_INET, SOCK_DGRAM)
clientSocket.sendto(sys.stdin.read().encode(), (sys.argv[1], int(sys.argv[2])))
