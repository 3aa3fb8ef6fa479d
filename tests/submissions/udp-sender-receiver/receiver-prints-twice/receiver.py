# Prints every datagram twice (once as it came, once more "to be sure"): the expected lines
# are all there, in order, each followed by itself. `stdout: [...]` tolerates prompts and
# banners, but this is each expected line printed again.
from socket import *
import sys
serverPort = int(sys.argv[1])
serverSocket = socket(AF_INET, SOCK_DGRAM)
serverSocket.bind(('', serverPort))
print("The receiver is ready", flush=True)

while True:
    message, clientAddress = serverSocket.recvfrom(65535)
    text = message.decode()
    print(text, flush=True)
    print(text, flush=True)
