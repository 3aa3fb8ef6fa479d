# Connects again when the server goes away (retrying while refused), then sends the whole
# conversation again, every line from the first, so that "the new server knows everything",
# and prints every answer again: the answers before the restart appear twice.
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


def ask(sock, line):
    sock.sendall(line.encode())
    answer = sock.recv(1024)
    if not answer:
        raise ConnectionResetError
    print(answer.decode().rstrip('\n'), flush=True)


sock = connect()
history = []
for line in sys.stdin:
    history.append(line)
    try:
        ask(sock, line)
    except (BrokenPipeError, ConnectionResetError):
        sock.close()
        sock = connect()
        for old in history:
            ask(sock, old)
sock.close()
