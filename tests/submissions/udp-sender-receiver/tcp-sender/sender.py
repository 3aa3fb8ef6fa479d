import socket, sys
# Copied from the TCP exercise and never switched to UDP: SOCK_STREAM, connect, send.
host, port = sys.argv[1], int(sys.argv[2])
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect((host, port))
for line in sys.stdin:
    s.send(line.encode())
s.close()
