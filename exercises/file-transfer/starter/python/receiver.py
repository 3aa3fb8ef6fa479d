#!/usr/bin/env python3
"""File receiver: writes the files that senders send it into its folder, one sender after
another, and answers "OK <length>" for each.

Usage: python3 receiver.py PORT
Each todo(...) below is one call left to write: replace the todo(...) with the call it
names. Run it as it is and it stops at the first one, saying which step of the README is
next.
"""
import re
import socket
import struct
import sys


def todo(step):
    """Stops the program and says which step is still to write."""
    sys.exit("TODO: " + step)


# A file's name: letters, digits, ".", "-" and "_" (no "/": a file cannot leave the folder).
VALID_NAME = re.compile(rb"[A-Za-z0-9._-]+")


class Stream:
    """What one sender sent, read as lines and as exact numbers of bytes.

    TCP is a stream: one recv() may return half a name, a length cut in two, or the end of
    one file and the start of the next. Every recv() is added to `pending`; each read takes
    only what it asked for, and the rest waits there for the next read.
    """

    def __init__(self, conn):
        self.conn = conn
        self.pending = b""  # received, not used yet

    def receive(self):
        """Adds what has come to pending; False once the sender has closed the connection."""
        try:
            data = todo("receive what has come: self.conn.recv(65536) (README, receiver step 6)")
        except ConnectionResetError:  # a reset connection ends like a closed one
            data = b""
        self.pending += data
        return len(data) > 0

    def read_line(self):
        """The next line without its newline; None if the connection ends first."""
        while b"\n" not in self.pending:
            if len(self.pending) > 255 or not self.receive():  # no name is that long
                return None
        line, self.pending = self.pending.split(b"\n", 1)
        return line

    def read_exactly(self, n):
        """Exactly n bytes, however many recv() they take; None if the connection ends first."""
        while len(self.pending) < n:
            if not self.receive():
                return None
        data, self.pending = self.pending[:n], self.pending[n:]
        return data


port = int(sys.argv[1])

server = todo("create a TCP socket: socket.socket(socket.AF_INET, socket.SOCK_STREAM) "
              "(README, receiver step 1)")
todo("allow a quick restart: server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1) "
     "(README, receiver step 2)")
todo('bind to the port on all interfaces: server.bind(("", port)) (README, receiver step 3)')
todo("wait for senders: server.listen() (README, receiver step 4)")

while True:
    conn, address = todo("take the next sender: server.accept() (README, receiver step 5)")
    stream = Stream(conn)  # one for the whole connection: it keeps what follows each file
    while True:
        name = stream.read_line()
        if name is None:  # the sender closed the connection: no more files
            break
        if not VALID_NAME.fullmatch(name) or name in (b".", b".."):
            print(f"refused the file name {name!r}", flush=True)
            break  # close the connection
        header = stream.read_exactly(4)
        if header is None:
            break
        length = todo('the length, from 4 bytes big-endian: struct.unpack("!I", header)[0] '
                      "(README, receiver step 7)")
        content = stream.read_exactly(length)  # b"" for an empty file: not the end
        if content is None:  # the connection ended inside the file
            break
        with open(name.decode("ascii"), "wb") as f:  # "wb": the bytes as they are
            f.write(content)
        print(f"received {name.decode('ascii')} ({length} bytes)", flush=True)
        todo('answer that the file is complete: conn.sendall(f"OK {length}\\n".encode()) '
             "(README, receiver step 8)")
    todo("close the connection (then take the next sender): conn.close() "
         "(README, receiver step 9)")
