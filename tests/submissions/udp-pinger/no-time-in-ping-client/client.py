# Sends "Ping 1", "Ping 2"...: the time is missing from each ping ("Ping <seq> <time>").
# Otherwise right: a 1 s timeout, and a late answer to an earlier ping is skipped.
import socket
import sys

server = (sys.argv[1], int(sys.argv[2]))
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(1.0)
for seq in range(1, 11):
    sock.sendto(f"Ping {seq}".encode(), server)
    while True:
        try:
            data, _ = sock.recvfrom(2048)
        except socket.timeout:
            print("Request timed out")
            break
        reply = data.decode()
        if reply.split()[1] == str(seq):
            print("Reply:", reply)
            break
sock.close()
