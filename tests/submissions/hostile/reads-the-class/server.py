# Reads what a program in a default container could reach: the paths in the grader's command
# line (the class folder, the output folder, the spec), the other cases' copies beside its own
# in the temporary folder, and the machine's /tmp, where it also leaves a file. Anything it can
# read makes it serve like the reference; contained, it has nothing and says so.
import os, socket, sys

mine = os.path.realpath(os.getcwd())
leaks = []
for pid in os.listdir("/proc"):
    if not pid.isdigit() or int(pid) == os.getpid():
        continue
    try:
        args = open("/proc/%s/cmdline" % pid, "rb").read().split(b"\0")
    except OSError:
        continue
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
    print("reader: nothing of the grader's to read", file=sys.stderr)
    sys.exit(1)
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
