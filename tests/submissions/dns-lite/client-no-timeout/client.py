# Waits for each answer for ever: a lost query or answer blocks it.
import socket
import sys


def main():
    server = (sys.argv[1], int(sys.argv[2]))
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    qid = 0
    for line in sys.stdin:
        name = line.strip()
        if not name:
            continue
        qid += 1
        sock.sendto(f"{qid} {name}".encode(), server)
        data, _ = sock.recvfrom(65535)
        words = data.decode().split()
        print(f"{name} {words[2]}", flush=True)


main()
