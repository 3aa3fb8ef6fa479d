import os, socket, sys
# Fills the folder it runs in (its copy of the submission), then serves correctly: first
# shapes that are hard to remove (a folder with files made unreadable and unwritable, links to
# / and out of the copy, names with a newline), then files of 16 MiB (the file size limit)
# up to 352 MiB, then a chain of 25000 nested folders; each stops at the first write refused.
# Without a bound this left 352 MiB and a chain that remove_all could not remove (EMFILE).
here = os.path.dirname(os.path.abspath(__file__))
os.chdir(here)
report = []
try:
    os.mkdir("locked")
    for name in ["a", "b\n::notice title=x::full marks", "c\x1b[31m"]:
        with open(os.path.join("locked", name), "w") as f:
            f.write("x" * 100)
    os.mkdir(os.path.join("locked", "inner"))
    os.chmod(os.path.join("locked", "inner"), 0)
    os.chmod("locked", 0)
    os.symlink("/", "to-root")
    os.symlink("..", "to-parent")
    os.mkdir("line\nbreak")
except OSError as e:
    report.append("shapes: %s" % e)
chunk = b"\0" * (1 << 20)
written = 0
try:
    for i in range(22):
        with open("big-%d" % i, "wb") as f:
            for _ in range(16):
                f.write(chunk)
                written += 1
except OSError as e:
    report.append("wrote %d MiB: %s" % (written, e))
depth = 0
try:
    while depth < 25000:
        os.mkdir("d")
        os.chdir("d")
        depth += 1
except OSError as e:
    report.append("made %d folders: %s" % (depth, e))
os.chdir(here)
print("disk-fill: " + "; ".join(report), file=sys.stderr, flush=True)
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("", int(sys.argv[1])))
s.listen(5)
while True:
    conn, _ = s.accept()
    for line in conn.makefile("rb"):
        conn.sendall(line.upper())
    conn.close()
