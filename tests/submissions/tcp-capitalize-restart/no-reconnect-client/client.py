# The textbook client with its input from stdin: it never connects again. When the server
# goes away, recv() returns b'' (printed as an empty answer), the next send() is answered by
# a reset, and the one after dies with BrokenPipeError.
import sys
from socket import *

serverName = sys.argv[1]
serverPort = int(sys.argv[2])
clientSocket = socket(AF_INET, SOCK_STREAM)
clientSocket.connect((serverName, serverPort))
for sentence in sys.stdin:
    clientSocket.send(sentence.encode())
    modifiedSentence = clientSocket.recv(1024)
    print('From Server:', modifiedSentence.decode().rstrip('\n'), flush=True)
clientSocket.close()
