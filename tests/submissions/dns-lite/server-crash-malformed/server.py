# Mistake: unpacks every datagram as two words and crashes on a malformed one.
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
        qid, name = words  # "hello" is one word: ValueError, and the server is gone
        int(qid)
        answer = table.get(name.lower(), "NXDOMAIN")
        sock.sendto(f"{qid} {name} {answer}".encode(), addr)


main()
