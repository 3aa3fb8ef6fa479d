import socket, sys
# Written for the UDP exercise: one datagram per line, no connection.
host, port = sys.argv[1], int(sys.argv[2])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for line in sys.stdin:
    s.sendto(line.encode(), (host, port))
s.close()
