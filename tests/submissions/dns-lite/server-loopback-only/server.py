# dns-lite reference server: python3 server.py PORT
# Answers "<id> <name>" with "<id> <name> <address>" (or NXDOMAIN) from hosts.txt, to the
# address each query came from; anything else gets no answer.
import socket
import sys


def load(path="hosts.txt"):
    table = {}
    with open(path) as f:
        for line in f:
            words = line.split()  # any whitespace; the last line may have no newline
            if len(words) < 2 or words[0].startswith("#"):
                continue
            table[words[0].lower()] = words[1]
    return table


def main():
    port = int(sys.argv[1])
    table = load()
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", port))
    while True:
        data, addr = sock.recvfrom(65535)
        words = data.decode("utf-8", "replace").split()
        if len(words) != 2 or not words[0].isdigit() or int(words[0]) > 65535:
            continue  # not "<id> <name>": no answer
        qid, name = words
        answer = table.get(name.lower(), "NXDOMAIN")
        sock.sendto(f"{qid} {name} {answer}".encode(), addr)


main()
