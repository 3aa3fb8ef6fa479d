from socket import *
import sys

serverName = sys.argv[1]
serverPort = int(sys.argv[2])
clientSocket = socket(AF_INET, SOCK_DGRAM)
clientSocket.settimeout(3)  # 3 seconds should be plenty

for line in sys.stdin:
    message = line.rstrip("\n")
    for attempt in range(3):
        clientSocket.sendto(message.encode(), (serverName, serverPort))
        try:
            modifiedMessage, serverAddress = clientSocket.recvfrom(2048)
            print(modifiedMessage.decode())
            break
        except timeout:
            continue
    else:
        print("timed out")
clientSocket.close()
