# Has a timeout, but gives a line up when it expires instead of sending it again: the line
# sent while the server was down is never answered, and the client goes on without it.
import socket
import sys

server = (sys.argv[1], int(sys.argv[2]))
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(1)
for line in sys.stdin:
    sock.sendto(line.rstrip('\n').encode(), server)
    try:
        answer, _ = sock.recvfrom(2048)
        print(answer.decode(), flush=True)
    except socket.timeout:
        print('Request timed out', flush=True)
sock.close()
