# The textbook's SMTP client (lab 3): sends the message on its input to the mail server.
# Usage: python3 client.py HOST PORT < message
import sys
from socket import AF_INET, SOCK_STREAM, socket


def main():
    host, port = "localhost", 1025  # the course's test mail server
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

    expect("220")
    for command, code in (("HELO netgrade-student", "250"),
                          ("MAIL FROM:<alice@example.com>", "250"),
                          ("RCPT TO:<bob@example.com>", "250"),
                          ("DATA", "354")):
        send(command)
        expect(code)
    # The message, each line that starts with '.' given one more (dot-stuffing), then '.'.
    body = "".join(("." + l if l.startswith(".") else l) + "\r\n" for l in message)
    sock.sendall((body + ".\r\n").encode())
    expect("250")
    send("QUIT")
    expect("221")
    sock.close()


main()
