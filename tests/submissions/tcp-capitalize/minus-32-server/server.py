# A hand-rolled upper case, as C code with `if (c > 96) c -= 32;` does it: right for a..z,
# wrong for {|}~ (they become [\]^) and for every byte of a letter outside ASCII.
from socket import *
import sys
serverPort = int(sys.argv[1])
serverSocket = socket(AF_INET, SOCK_STREAM)
serverSocket.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
serverSocket.bind(('', serverPort))
serverSocket.listen(1)
print('The server is ready to receive')

while True:
    connectionSocket, addr = serverSocket.accept()
    while True:
        data = connectionSocket.recv(4096)
        if not data:
            break
        connectionSocket.sendall(bytes(b - 32 if b > 96 else b for b in data))
    connectionSocket.close()
