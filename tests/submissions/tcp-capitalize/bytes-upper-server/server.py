# TCP capitalize server that upper-cases the bytes it received (bytes.upper()): right for
# ASCII letters, but é and ß stay as they were.
import sys
from socket import *

serverSocket = socket(AF_INET, SOCK_STREAM)
serverSocket.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
serverSocket.bind(('', int(sys.argv[1])))
serverSocket.listen(1)
while True:
    connectionSocket, addr = serverSocket.accept()
    f = connectionSocket.makefile('rb')
    for line in f:
        connectionSocket.sendall(line.upper())
    f.close()
    connectionSocket.close()
