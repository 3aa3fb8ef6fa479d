# The textbook pinger as a lab's machines ran it: the server's address and port written in
# (10.0.0.1, the lab server's; 12000), the command line never read.
import time
from socket import *

clientSocket = socket(AF_INET, SOCK_DGRAM)
clientSocket.settimeout(1)
for i in range(1, 11):
    start = time.time()
    message = "Ping " + str(i) + " " + str(start)
    clientSocket.sendto(message.encode(), ("10.0.0.1", 12000))
    try:
        reply, server = clientSocket.recvfrom(1024)
        print(reply.decode(), "RTT:", time.time() - start)
    except timeout:
        print("Request timed out")
clientSocket.close()
