from socket import *
import sys
serverName = sys.argv[1]
serverPort = int(sys.argv[2])
clientSocket = socket(AF_INET, SOCK_STREAM)
clientSocket.connect((serverName, serverPort))

while True:
    try:
        sentence = input('Input lowercase sentence:')
    except EOFError:
        break
    clientSocket.send((sentence + '\n').encode())
    modifiedSentence = clientSocket.recv(1024)
    print('From Server:', modifiedSentence.strip())
clientSocket.close()
