# The tcp-capitalize server as it was: one client at a time. While it waits in recv() for
# the client it accepted first, a second client connects (the kernel queues it) and talks,
# and gets no answer until the first one leaves.
from socket import *
import sys

serverPort = int(sys.argv[1])
serverSocket = socket(AF_INET, SOCK_STREAM)
serverSocket.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
serverSocket.bind(("", serverPort))
serverSocket.listen(5)
print("The server is ready to receive")
while True:
    connectionSocket, addr = serverSocket.accept()
    while True:
        sentence = connectionSocket.recv(1024).decode()
        if not sentence:
            break
        connectionSocket.send(sentence.upper().encode())
    connectionSocket.close()
