# Mistake: takes any answer, whatever its id (a late answer or a copy is taken too).
import socket
import sys
import time


def ask(sock, server, qid, name):
    query = f"{qid} {name}".encode()
    for _ in range(3):
        sock.sendto(query, server)
        deadline = time.monotonic() + 1.0
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            sock.settimeout(left)
            try:
                data, _ = sock.recvfrom(65535)
            except socket.timeout:
                break
            words = data.decode("utf-8", "replace").split()
            if len(words) == 3:  # any answer, whatever its id
                return words[2]
    return "TIMEOUT"


def main():
    server = (sys.argv[1], int(sys.argv[2]))
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    qid = 0
    for line in sys.stdin:
        name = line.strip()
        if not name:
            continue
        qid = (qid + 1) % 65536
        print(f"{name} {ask(sock, server, qid, name)}", flush=True)


main()
