from socket import *
import sys
clientSocket = socket(AF_INET, SOCK_STREAM)
clientSocket.connect((sys.argv[1], int(sys.argv[2])))
sentence = raw_input('Input lowercase sentence:')
clientSocket.send(sentence + '\n')
print('From Server: ' + clientSocket.recv(1024))
clientSocket.close()
