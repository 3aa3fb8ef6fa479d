# TCP receiver (named like the textbook's server, as many students do)
from socket import *
import sys

serverPort = int(sys.argv[1])
serverSocket = socket(AF_INET, SOCK_STREAM)
serverSocket.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
serverSocket.bind(('', serverPort))
serverSocket.listen(1)
while True:
    connectionSocket, addr = serverSocket.accept()
    f = connectionSocket.makefile('rb')
    for line in f:
        print(line.decode().rstrip('\n'), flush=True)
    f.close()
    connectionSocket.close()
