# Mistake: sends every answer to 127.0.0.1:5354, not to the sender of the query.
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
    sock.bind(("", port))
    while True:
        data, addr = sock.recvfrom(65535)
        words = data.decode("utf-8", "replace").split()
        if len(words) != 2 or not words[0].isdigit() or int(words[0]) > 65535:
            continue  # not "<id> <name>": no answer
        qid, name = words
        answer = table.get(name.lower(), "NXDOMAIN")
        sock.sendto(f"{qid} {name} {answer}".encode(), ("127.0.0.1", 5354))  # not the sender


main()
