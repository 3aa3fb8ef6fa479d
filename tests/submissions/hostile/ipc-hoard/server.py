#!/usr/bin/env python3
"""A correct capitalize server that first tries to leave kernel objects behind that outlive
every process: three 512 MiB System V shared memory segments (attached and touched), a
System V message queue with a message in it, a semaphore set and a POSIX message queue.
RLIMIT_DATA does not count shared mappings, and no kill or cgroup removal frees them.
It says on stderr what each call answered, then serves.

Usage: server.py PORT
"""
import ctypes
import ctypes.util
import socket
import sys

IPC_PRIVATE, IPC_CREAT = 0, 0o1000
libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
libc.shmat.restype = ctypes.c_void_p
libc.shmat.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]


def tell(what, result):
    err = ctypes.get_errno() if result == -1 else 0
    print(f"{what}: {'refused, errno %d' % err if result == -1 else 'made'}", file=sys.stderr, flush=True)


def hoard():
    for _ in range(3):
        seg = libc.shmget(IPC_PRIVATE, 512 << 20, IPC_CREAT | 0o600)
        tell("shmget", seg)
        if seg != -1:
            addr = libc.shmat(seg, None, 0)
            if addr not in (None, ctypes.c_void_p(-1).value):
                ctypes.memset(addr, 1, 512 << 20)
    queue = libc.msgget(IPC_PRIVATE, IPC_CREAT | 0o600)
    tell("msgget", queue)
    if queue != -1:
        message = ctypes.create_string_buffer(b"\x01\x00\x00\x00\x00\x00\x00\x00left behind", 64)
        libc.msgsnd(queue, message, 32, 0)
    tell("semget", libc.semget(IPC_PRIVATE, 4, IPC_CREAT | 0o600))
    libc.mq_open.restype = ctypes.c_int
    tell("mq_open", libc.mq_open(b"/netgrade-ipc-hoard", 0o100 | 0o2, 0o600, None))


def serve(conn):
    with conn, conn.makefile("rb") as lines:
        for line in lines:
            conn.sendall(line.decode("utf-8", errors="replace").rstrip("\n").upper().encode() + b"\n")


def main():
    hoard()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("", int(sys.argv[1])))
        server.listen()
        while True:
            conn, _ = server.accept()
            serve(conn)


if __name__ == "__main__":
    main()
