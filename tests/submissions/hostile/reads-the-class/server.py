# Reads what a program in a default container could reach: the paths in the grader's command
# line (the class folder, the output folder, the spec), the other cases' copies beside its own
# in the temporary folder, and the machine's /tmp, where it also leaves a file. Anything it can
# read makes it serve like the reference; contained, it has nothing and says so.
# A read that blocks (another process's cmdline while its memory is locked, a FIFO named in an
# argument) is given up after a second: in a thread of its own, left behind.
import os, socket, sys, threading, time

mine = os.path.realpath(os.getcwd())
leaks = []


def look_at(pid):
    try:
        args = open("/proc/%s/cmdline" % pid, "rb").read().split(b"\0")
    except OSError:
        return
    for arg in args:
        path = arg.decode(errors="replace")
        if not path.startswith("/") or os.path.realpath(path).startswith(mine):
            continue
        if path.startswith(("/usr/", "/bin/", "/sbin/", "/lib", "/etc/", "/proc/", "/dev/")):
            continue
        try:
            if os.path.isdir(path):
                os.listdir(path)
            else:
                open(path, "rb").read(1)
            leaks.append(path)
        except OSError:
            pass


# The whole look is bounded too (2.5 s), within the case's bound for a server to listen: where
# it shares the machine (no namespace of its own) a loaded machine's /proc, every open() of it
# checked by the connect guard, took longer, and the verdict turned on the load.
deadline = time.monotonic() + 2.5
for pid in os.listdir("/proc"):
    if not pid.isdigit() or int(pid) == os.getpid():
        continue
    left = deadline - time.monotonic()
    if left <= 0:
        break
    looker = threading.Thread(target=look_at, args=(pid,), daemon=True)
    looker.start()
    looker.join(min(1.0, left))
try:
    beside = os.listdir(os.path.dirname(os.path.dirname(mine)))
    leaks += [b for b in beside if b.startswith("netgrade-") and b not in mine]
except OSError:
    pass
try:
    with open("/tmp/reads-the-class-was-here", "w") as f:
        f.write("a file of a student's program\n")
except OSError:
    pass

if not leaks:
    print("reader: nothing of the grader's to read", file=sys.stderr, flush=True)
    os._exit(1)  # not sys.exit: it would wait for a looker still blocked
print("reader: read %s" % leaks[:3], file=sys.stderr)
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("", int(sys.argv[1])))
s.listen(5)
while True:
    c, _ = s.accept()
    data = b""
    while not data.endswith(b"\n"):
        chunk = c.recv(4096)
        if not chunk:
            break
        data += chunk
    c.sendall(data.upper())
    c.close()
