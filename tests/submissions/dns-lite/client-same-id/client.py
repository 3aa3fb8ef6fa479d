# Mistake: one id for every query ("the id is just a tag"); the answer is taken when its id
# and its name are the query's, so late and copied answers for another name are ignored.
import socket
import sys
import time

QID = 1


def ask(sock, server, name):
    query = f"{QID} {name}".encode()
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
            if len(words) == 3 and words[0] == str(QID) and words[1] == name:
                return words[2]
    return "TIMEOUT"


def main():
    server = (sys.argv[1], int(sys.argv[2]))
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for line in sys.stdin:
        name = line.strip()
        if not name:
            continue
        print(f"{name} {ask(sock, server, name)}", flush=True)


main()
