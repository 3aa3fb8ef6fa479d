from socket import *
import sys
serverPort = int(sys.argv[1])
serverSocket = socket(AF_INET, SOCK_STREAM)
serverSocket.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
serverSocket.bind(('', serverPort))
serverSocket.listen(1)

connectionSocket, addr = serverSocket.accept()
for line in connectionSocket.makefile('r'):
    print(line.rstrip('\n'))
connectionSocket.close()
