#!/usr/bin/env python3
"""A correct capitalize server that first tries every way around the grader's connect guard
(sandbox/connect_guard.h: where a case has no root of its own, the grader makes a program's
connect() itself, to Unix sockets beneath its folders only), aimed at each named socket of the
machine /proc/net/unix lists:

  io_uring           io_uring_setup, whose IORING_OP_CONNECT no seccomp filter sees
  sendto             a datagram or seqpacket socket, an address given to sendto() alone
  race               another thread rewrites the address while connect() waits in the guard
  passed             the socket handed to a child over SCM_RIGHTS, connected there
  own table          a thread with a descriptor table of its own (unshare(CLONE_FILES)), whose
                     descriptor numbers are not its process's
  x32, i386          connect through the x32 system call numbers and int 0x80's socketcall,
                     which a filter of the x86-64 calls alone would let by

Each success is said on stderr and ends the program (exit 1): the case passes only when every
attempt was refused, and its own Unix socket (where one can be made) still works.

Usage: server.py PORT
"""
import ctypes
import mmap
import os
import platform
import socket
import struct
import sys
import threading

libc = ctypes.CDLL(None, use_errno=True)
OWN = "own.sock"


def tell(text):
    print(text, file=sys.stderr, flush=True)


def escaped(what):
    tell(f"ESCAPED: {what}")
    os._exit(1)


def machine_sockets():
    try:
        with open("/proc/net/unix") as f:
            lines = f.read().splitlines()[1:]
    except OSError:
        return []
    paths = []
    for line in lines:
        fields = line.split()
        if len(fields) >= 8 and fields[7].startswith("/") and fields[7] not in paths:
            if not fields[7].endswith("/" + OWN):
                paths.append(fields[7])
    return paths[:20]


def sockaddr(path):
    raw = path.encode()
    return struct.pack("H", socket.AF_UNIX) + raw + b"\0" * (108 - len(raw))


def try_io_uring():
    params = ctypes.create_string_buffer(120)
    fd = libc.syscall(425, 4, params)
    if fd >= 0:
        escaped("io_uring_setup worked: its IORING_OP_CONNECT is seen by no filter")
    tell(f"io_uring_setup: refused, errno {ctypes.get_errno()}")


def try_sendto(targets):
    for kind, name in ((socket.SOCK_DGRAM, "datagram"), (socket.SOCK_SEQPACKET, "seqpacket")):
        try:
            s = socket.socket(socket.AF_UNIX, kind)
        except OSError as e:
            tell(f"socket(AF_UNIX, {name}): refused, errno {e.errno}")
            continue
        for path in targets:
            try:
                s.sendto(b"<13>netgrade: a program was here\n", path)
                escaped(f"{name} sendto {path}")
            except OSError as e:
                tell(f"{name} sendto {path}: errno {e.errno}")
        s.close()


def own_server():
    try:
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    except OSError as e:
        tell(f"socket(AF_UNIX): refused, errno {e.errno}: no Unix socket to race with")
        return None
    server.bind(OWN)
    server.listen(64)
    server.setblocking(False)
    return server


def try_race(server, targets):
    """connect() with an address another thread flips between its own socket and the
    machine's: whatever the guard read, the socket reached must be its own."""
    if not targets:
        targets = ["/nonexistent/netgrade.sock"]
    addresses = [sockaddr(OWN)] + [sockaddr(p) for p in targets]
    buf = ctypes.create_string_buffer(addresses[0], len(addresses[0]))
    stop = threading.Event()

    def flip():
        i = 0
        while not stop.is_set():
            ctypes.memmove(buf, addresses[i % len(addresses)], len(addresses[0]))
            i += 1

    flipper = threading.Thread(target=flip)
    flipper.start()
    own = others = 0
    for _ in range(1500):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        if libc.connect(s.fileno(), buf, len(addresses[0])) == 0:
            peer = s.getpeername()
            if peer != OWN:
                stop.set()
                escaped(f"race: connected to {peer!r}")
            own += 1
            try:
                server.accept()[0].close()
            except BlockingIOError:
                pass
        else:
            others += 1
        s.close()
    stop.set()
    flipper.join()
    tell(f"race: 1500 connects, {own} to its own socket, {others} refused")


def try_passed(targets):
    """A socket made here, connected in a child it was passed to."""
    parent, child = socket.socketpair()
    pid = os.fork()
    if pid == 0:
      try:
        fds = socket.recv_fds(child, 1, 1)[1]
        s = socket.socket(fileno=fds[0])
        for path in targets:
            try:
                s.connect(path)
                tell(f"ESCAPED: passed socket connected to {path}")
                os._exit(1)
            except OSError:
                pass
        os._exit(0)
      except BaseException:
        os._exit(3)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    socket.send_fds(parent, [b"x"], [s.fileno()])
    s.close()
    _, status = os.waitpid(pid, 0)
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 1:
        escaped("a socket passed to a child")
    tell(f"passed: refused ({len(targets)} sockets)")


def try_own_table(targets):
    """A thread whose descriptor table is its own: the number it connects names another socket
    (an Internet one) in its process's table, which the guard reads."""
    result = []
    decoy = socket.socket(socket.AF_INET, socket.SOCK_STREAM)

    def run():
        if libc.unshare(0x400) != 0:  # CLONE_FILES
            result.append(f"unshare(CLONE_FILES): errno {ctypes.get_errno()}")
            return
        own = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        os.dup2(own.fileno(), decoy.fileno())  # this table only
        own.close()
        for path in targets:
            a = sockaddr(path)
            if libc.connect(decoy.fileno(), a, len(a)) == 0:
                result.append(f"ESCAPED {path}")
        os.close(decoy.fileno())  # this table's copy; the process's decoy stays
        result.append(f"done: {len(targets)} tried")

    t = threading.Thread(target=run)
    t.start()
    t.join()
    decoy.close()
    if any(r.startswith("ESCAPED") for r in result):
        escaped(f"own table: {result}")
    tell(f"own table: {result[-1] if result else 'nothing'}")


def in_child(what, call):
    """call() in a child: a filter may kill it (SIGSYS), which is a refusal."""
    pid = os.fork()
    if pid == 0:
        try:
            os._exit(0 if call() == 0 else 2)
        except BaseException:
            os._exit(3)
    _, status = os.waitpid(pid, 0)
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
        escaped(what)
    tell(f"{what}: refused ({'signal ' + str(os.WTERMSIG(status)) if os.WIFSIGNALED(status) else 'error'})")


def try_other_abis(targets):
    if platform.machine() != "x86_64" or not targets:
        tell("x32, i386: not tried (not x86-64, or no socket of the machine's listed)")
        return
    path = targets[0]

    def low_page():
        """A page below 4 GiB (MAP_32BIT), the address at 256 in it: what a 32-bit call reads."""
        low = mmap.mmap(-1, 4096, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS | 0x40,
                        prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
        a = sockaddr(path)
        low[256:256 + len(a)] = a
        return low, ctypes.addressof(ctypes.c_char.from_buffer(low)), a

    def x32():
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        low, base, a = low_page()
        return libc.syscall(ctypes.c_long(0x40000000 | 42), s.fileno(), ctypes.c_long(base + 256),
                            len(a))

    def i386():
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        # socketcall(SYS_CONNECT, {fd, &address, size}) through int 0x80.
        low, base, a = low_page()
        low[128:140] = struct.pack("III", s.fileno(), base + 256, len(a))
        code = (b"\x53" + b"\xb8" + struct.pack("I", 102) + b"\xbb" + struct.pack("I", 3) +
                b"\xb9" + struct.pack("I", base + 128) + b"\xcd\x80" + b"\x5b\xc3")
        low[0:len(code)] = code
        return ctypes.CFUNCTYPE(ctypes.c_int)(base)()

    in_child(f"x32 connect to {path}", x32)
    in_child(f"i386 socketcall connect to {path}", i386)


def main():
    targets = machine_sockets()
    tell(f"{len(targets)} sockets of the machine listed")
    try_io_uring()
    try_sendto(targets)
    server = own_server()
    if server:
        try_race(server, targets)
        try_passed(targets)
        try_own_table(targets)
        try_other_abis(targets)
        server.close()
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("", int(sys.argv[1])))
    listener.listen(5)
    while True:
        conn, _ = listener.accept()
        with conn:
            data = b""
            while not data.endswith(b"\n"):
                chunk = conn.recv(1024)
                if not chunk:
                    break
                data += chunk
            conn.sendall(data.decode().upper().encode())


if __name__ == "__main__":
    main()
