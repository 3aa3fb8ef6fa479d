# The textbook UDP client with its input from stdin: no timeout. The datagram sent while the
# server was down is lost, and recvfrom() waits for its answer for ever.
import sys
from socket import *

serverName = sys.argv[1]
serverPort = int(sys.argv[2])
clientSocket = socket(AF_INET, SOCK_DGRAM)
for message in sys.stdin:
    clientSocket.sendto(message.rstrip('\n').encode(), (serverName, serverPort))
    modifiedMessage, serverAddress = clientSocket.recvfrom(2048)
    print(modifiedMessage.decode(), flush=True)
clientSocket.close()
