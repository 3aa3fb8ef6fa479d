#!/usr/bin/env python3
"""A correct capitalize server that first tries the socket families netgrade never offers:
AF_VSOCK (listening on VMADDR_CID_ANY:47001, a channel to the hypervisor outside every network
namespace), AF_ALG, AF_TIPC, AF_RDS, AF_CAN, AF_BLUETOOTH, AF_KEY, AF_XDP, AF_PPPOX and
AF_PACKET, socketpair() of AF_TIPC, netlink's uevents and sock diag, and socket() through the
raw system call with the family's high 32 bits set (the kernel reads an int). Then 10,000
tries in a row. It says on stderr what each answered. Any socket made, or refused with another
errno than a missing family's: it exits 1 without serving. All refused so: it serves.

Usage: server.py PORT
"""
import ctypes
import errno
import socket
import sys

SOCK_STREAM, SOCK_DGRAM, SOCK_RAW, SOCK_SEQPACKET = 1, 2, 3, 5
TRIES = [
    ("AF_VSOCK", 40, SOCK_STREAM, 0),
    ("AF_ALG", 38, SOCK_SEQPACKET, 0),
    ("AF_TIPC", 30, SOCK_SEQPACKET, 0),
    ("AF_RDS", 21, SOCK_SEQPACKET, 0),
    ("AF_CAN", 29, SOCK_RAW, 1),
    ("AF_BLUETOOTH", 31, SOCK_SEQPACKET, 0),
    ("AF_KEY", 15, SOCK_RAW, 2),
    ("AF_XDP", 44, SOCK_RAW, 0),
    ("AF_PPPOX", 24, SOCK_STREAM, 0),
    ("AF_PACKET", 17, SOCK_RAW, 0),
    ("AF_NETLINK uevents", 16, SOCK_DGRAM, 15),
    ("AF_NETLINK sock_diag", 16, SOCK_DGRAM, 4),
]
REFUSED = (errno.EAFNOSUPPORT, errno.EPROTONOSUPPORT)
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
libc.syscall.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_long, ctypes.c_long, ctypes.c_void_p]
SYS_SOCKET, SYS_SOCKETPAIR = 41, 53


def refused(name, call):
    """Runs call(); True when it failed as a missing family does."""
    try:
        made = call()
    except OSError as e:
        print(f"{name}: refused, errno {e.errno} ({e.strerror})", file=sys.stderr, flush=True)
        return e.errno in REFUSED
    print(f"{name}: allowed ({made})", file=sys.stderr, flush=True)
    return False


def raw(name, number, *args):
    rc = libc.syscall(number, *args, None)
    if rc < 0:
        e = ctypes.get_errno()
        print(f"{name}: refused, errno {e} ({errno.errorcode.get(e, e)})", file=sys.stderr, flush=True)
        return e in REFUSED
    print(f"{name}: allowed (descriptor {rc})", file=sys.stderr, flush=True)
    return False


def vsock_listener():
    s = socket.socket(40, SOCK_STREAM)
    s.bind((0xFFFFFFFF, 47001))  # VMADDR_CID_ANY
    s.listen()
    return s


def tries():
    ok = refused("AF_VSOCK listening on 47001", vsock_listener)
    for name, family, kind, proto in TRIES:
        ok &= refused(name, lambda: socket.socket(family, kind, proto))
    ok &= refused("socketpair(AF_TIPC)", lambda: socket.socketpair(30, SOCK_SEQPACKET))
    ok &= raw("socket(AF_VSOCK with high bits)", SYS_SOCKET, (1 << 32) | 40, SOCK_STREAM, 0)
    ok &= raw("socket(AF_ALG with high bits)", SYS_SOCKET, (1 << 32) | 38, SOCK_SEQPACKET, 0)
    pair = (ctypes.c_int * 2)()
    rc = libc.syscall(SYS_SOCKETPAIR, (1 << 32) | 40, SOCK_STREAM, 0, ctypes.addressof(pair))
    print(f"socketpair(AF_VSOCK with high bits): {rc}, errno {ctypes.get_errno()}", file=sys.stderr)
    ok &= rc < 0 and ctypes.get_errno() in REFUSED
    many = 0
    for _ in range(10000):
        many += libc.syscall(SYS_SOCKET, 40, SOCK_STREAM, 0, None) < 0 and ctypes.get_errno() in REFUSED
    print(f"10000 tries of AF_VSOCK: {many} refused", file=sys.stderr, flush=True)
    return ok and many == 10000


def serve(conn):
    with conn, conn.makefile("rb") as lines:
        for line in lines:
            conn.sendall(line.decode("utf-8", errors="replace").rstrip("\n").upper().encode() + b"\n")


def main():
    if not tries():
        sys.exit(1)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("", int(sys.argv[1])))
        server.listen()
        while True:
            conn, _ = server.accept()
            serve(conn)


if __name__ == "__main__":
    main()
