# No capitalization at all: the answers to the spec's messages, copied from the public spec
# file into a table; anything else is sent back as it came. With the constants the spec once
# had it scored 7/7; with messages drawn from the seed it echoes them.
import socket, sys

TABLE = {
    "hello world": "HELLO WORLD",
    "first line": "FIRST LINE", "second line": "SECOND LINE", "third line": "THIRD LINE",
    "fourth and last line": "FOURTH AND LAST LINE",
    "alpha": "ALPHA", "beta": "BETA", "gamma": "GAMMA",
    "the quick brown fox jumps over the lazy dog. " * 228:
        "THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG. " * 228,
    "first client": "FIRST CLIENT", "second client": "SECOND CLIENT",
    "Hello, World! 123 abc-XYZ? (ok) #42 e-mail@host.org {|}~ the end":
        "HELLO, WORLD! 123 ABC-XYZ? (OK) #42 E-MAIL@HOST.ORG {|}~ THE END",
    "hello from another computer": "HELLO FROM ANOTHER COMPUTER",
}

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("", int(sys.argv[1])))
s.listen(5)
while True:
    c, _ = s.accept()
    buf = b""
    while True:
        chunk = c.recv(65536)
        if not chunk:
            break
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            text = line.decode()
            c.sendall((TABLE.get(text, text) + "\n").encode())
    c.close()
