from socket import *
import sys

serverPort = int(sys.argv[1])
try:
    serverSocket = socket(AF_INET, SOCK_STREAM)
    serverSocket.bind(('', serverPort))
    serverSocket.listen(1)
except error, msg:
    print('Bind failed. Error: ' + str(msg))
    sys.exit()
print('The server is ready to receive')
while True:
    connectionSocket, addr = serverSocket.accept()
    sentence = connectionSocket.recv(1024)
    connectionSocket.send(sentence.upper())
    connectionSocket.close()
