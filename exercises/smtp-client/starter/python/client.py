#!/usr/bin/env python3
"""SMTP client: hands the message on its input to the mail server at HOST PORT.

Usage: python3 client.py HOST PORT < message
Each todo(...) below is one socket call left to write: replace the todo(...) with the call
it names. Run it as it is and it stops at the first one, saying which step of the README is
next.
"""
import socket
import sys


def todo(step):
    """Stops the program and says which step is still to write."""
    sys.exit("TODO: " + step)


host, port = sys.argv[1], int(sys.argv[2])
message = sys.stdin.read().splitlines()

sock = todo("create a TCP socket: socket.socket(socket.AF_INET, socket.SOCK_STREAM) "
            "(README, client step 1)")
todo("connect to the server: sock.connect((host, port)) (README, client step 2)")
replies = sock.makefile("rb")  # reads the server's replies line by line


def reply(code):
    """Reads one reply line and checks that it starts with `code`."""
    line = replies.readline().decode("utf-8", "replace").rstrip("\r\n")
    print(line, flush=True)
    if not line.startswith(code):
        sys.exit(f"expected a {code} reply, got {line!r}")


def send(line):
    """Sends one line, ended with \\r\\n as SMTP says."""
    data = (line + "\r\n").encode()
    todo("send the line: sock.sendall(data) (README, client step 4)")


todo('read the greeting: reply("220") (README, client step 3)')
for command, code in (("HELO mypc", "250"), ("MAIL FROM:<alice@example.com>", "250"),
                      ("RCPT TO:<bob@example.com>", "250"), ("DATA", "354")):
    send(command)
    reply(code)
for line in message:
    send("." + line if line.startswith(".") else line)  # dot-stuffing
send(".")
todo('read the reply to the message: reply("250") (README, client step 5)')
send("QUIT")
reply("221")
todo("close the socket: sock.close() (README, client step 6)")
