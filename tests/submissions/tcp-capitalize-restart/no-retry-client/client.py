# Connects again when the server goes away, but only once: the server is still down at that
# moment, so connect() raises ConnectionRefusedError and the program dies. It must retry
# (with a short pause) until the server listens again.
import socket
import sys

server = (sys.argv[1], int(sys.argv[2]))
sock = socket.create_connection(server)
for line in sys.stdin:
    while True:
        try:
            sock.sendall(line.encode())
            answer = sock.recv(1024)
            if not answer:
                raise ConnectionResetError("server closed the connection")
            break
        except (BrokenPipeError, ConnectionResetError):
            sock.close()
            sock = socket.create_connection(server)
    print(answer.decode().rstrip('\n'), flush=True)
sock.close()
