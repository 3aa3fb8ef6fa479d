#!/usr/bin/env python3
"""File receiver: accepts senders one after another and writes the files they send into its
working folder.

Usage: receiver.py PORT

On one connection, for each file: its name and "\n", its length as 4 bytes big-endian
(network byte order), then exactly that many bytes. Each complete file is answered with
"OK <length>\n". When the sender closes the connection, the receiver takes the next one.
"""
import re
import socket
import struct
import sys

# A name is letters, digits, ".", "-" and "_": no "/", so a file cannot leave the folder.
VALID_NAME = re.compile(rb"[A-Za-z0-9._-]+")
MAX_NAME = 255  # the longest file name most file systems take
CHUNK = 65536  # the most one recv() may return


class Stream:
    """The bytes of one connection, read as lines and as exact numbers of bytes.

    TCP keeps no boundaries: one recv() may return part of a name, a length cut in two, or
    the end of one file and the start of the next. So every recv() is added to `pending`,
    and each read takes from there only what it asked for; the rest waits for the next read.
    """

    def __init__(self, conn):
        self.conn = conn
        self.pending = bytearray()  # received, not used yet

    def _receive(self):
        """Adds what the next recv() returns to pending; False once the sender has closed."""
        try:
            data = self.conn.recv(CHUNK)
        except ConnectionResetError:  # a reset connection ends like a closed one
            data = b""
        self.pending += data
        return len(data) > 0

    def read_line(self, limit):
        """The next line without its "\n"; None if the connection ends first, or if more
        than `limit` bytes come without a newline."""
        while b"\n" not in self.pending:
            if len(self.pending) > limit or not self._receive():
                return None
        line, _, rest = self.pending.partition(b"\n")
        self.pending = rest
        return bytes(line)

    def read_exactly(self, n):
        """Exactly n bytes, from as many recv() as it takes; None if the connection ends first."""
        while len(self.pending) < n:
            if not self._receive():
                return None
        data = bytes(self.pending[:n])
        del self.pending[:n]  # what follows (the next file) stays pending
        return data


def serve(conn):
    """Receives the files of one sender, until it closes the connection."""
    stream = Stream(conn)
    while True:
        name = stream.read_line(MAX_NAME)
        if name is None:
            return  # the sender closed the connection: it has no more files
        if not VALID_NAME.fullmatch(name) or name in (b".", b".."):
            print(f"refused the file name {name!r}: closing the connection", flush=True)
            return
        length = int(stream.read_line(MAX_NAME))  # the length, as a line of text
        # The whole file, held in memory (fine for the files of this exercise). A length of 0
        # gives b"": an empty file, not the end (the end is the connection closing).
        content = stream.read_exactly(length)
        if content is None:
            return  # the connection ended inside the file: no file, no OK
        with open(name.decode("ascii"), "wb") as f:  # "wb": the bytes as they are
            f.write(content)
        conn.sendall(f"OK {length}\n".encode("ascii"))
        print(f"received {name.decode('ascii')} ({length} bytes)", flush=True)


def main():
    port = int(sys.argv[1])
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("", port))
        server.listen()
        while True:
            conn, _ = server.accept()
            with conn:
                try:
                    serve(conn)
                except OSError as e:  # the OK could not be sent: take the next sender
                    print(f"connection lost: {e}", flush=True)


if __name__ == "__main__":
    main()
