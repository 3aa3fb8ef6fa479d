# Notices that the server went away and connects again (retrying while refused), but does
# not send the line that got no answer again: its answer is never printed.
import socket
import sys
import time

server = (sys.argv[1], int(sys.argv[2]))


def connect():
    while True:
        try:
            return socket.create_connection(server)
        except ConnectionRefusedError:
            time.sleep(0.1)


sock = connect()
for line in sys.stdin:
    try:
        sock.sendall(line.encode())
        answer = sock.recv(1024)
        if not answer:
            raise ConnectionResetError
        print(answer.decode().rstrip('\n'), flush=True)
    except (BrokenPipeError, ConnectionResetError):
        print("lost the server, connecting again", file=sys.stderr)
        sock.close()
        sock = connect()
sock.close()
