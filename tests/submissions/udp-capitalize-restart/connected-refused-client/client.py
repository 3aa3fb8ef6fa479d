# Resends after a 1 s timeout, but its socket is connected (connect() on UDP), so the datagram
# sent while the server was down comes back as ICMP port unreachable and the next recv()
# raises ConnectionRefusedError, which nothing catches: the program dies.
import socket
import sys

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.connect((sys.argv[1], int(sys.argv[2])))
sock.settimeout(1)
for line in sys.stdin:
    message = line.rstrip('\n').encode()
    while True:
        sock.send(message)
        try:
            answer = sock.recv(2048)
            break
        except socket.timeout:
            print("timeout, sending again", file=sys.stderr)
    print(answer.decode(), flush=True)
sock.close()
