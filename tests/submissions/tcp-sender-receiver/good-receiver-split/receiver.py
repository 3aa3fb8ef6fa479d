from socket import *
import sys
serverPort = int(sys.argv[1])
serverSocket = socket(AF_INET, SOCK_STREAM)
serverSocket.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
serverSocket.bind(('', serverPort))
serverSocket.listen(1)

while True:
    conn, addr = serverSocket.accept()
    buffered = b''
    while True:
        data = conn.recv(7)
        if not data:
            break
        buffered += data
        while b'\n' in buffered:
            line, buffered = buffered.split(b'\n', 1)
            print('Received:', line.decode())
    if buffered:
        print('Received:', buffered.decode())
    conn.close()
