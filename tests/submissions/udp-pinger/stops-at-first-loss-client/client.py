# A 1 s timeout, but the try surrounds the whole loop: the first lost ping ends the program.
import socket
import sys
import time

server = (sys.argv[1], int(sys.argv[2]))
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(1.0)
try:
    for seq in range(1, 11):
        sent = time.time()
        sock.sendto(f"Ping {seq} {sent}".encode(), server)
        data, _ = sock.recvfrom(2048)
        print(data.decode(), f"rtt={time.time() - sent:.4f}s")
except socket.timeout:
    print("Request timed out")
sock.close()
