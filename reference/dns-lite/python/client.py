# dns-lite reference client: python3 client.py HOST PORT
# For each name on stdin: send "<id> <name>", wait at most 1 s for the answer with that id,
# at most 3 sends in all; print "<name> <address>", "<name> NXDOMAIN" or "<name> TIMEOUT".
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
            if len(words) == 3 and words[0] == str(qid):  # another id: a late or copied answer
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
