import os, socket, sys
# Tries to write outside its directory (its own source's parent, /tmp, the home of root, the
# copies other cases run in), deletes its own files, then serves correctly.
here = os.path.dirname(os.path.abspath(__file__))
try:  # where Landlock keeps it out of the machine's /tmp, it cannot even list it
    others = [os.path.join("/tmp", d, "submission", "netgrade-was-here")
              for d in os.listdir("/tmp") if d.startswith("netgrade-")]
except OSError:
    others = []
for target in [os.path.join(here, "..", "netgrade-was-here"), "/tmp/netgrade-hostile-was-here",
               "/root/netgrade-hostile-was-here"] + others:
    try:
        with open(target, "w") as f:
            f.write("hostile\n")
    except OSError:
        pass
for name in os.listdir(here):
    try:
        os.remove(os.path.join(here, name))
    except OSError:
        pass
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("", int(sys.argv[1])))
s.listen(5)
while True:
    conn, _ = s.accept()
    for line in conn.makefile("rb"):
        conn.sendall(line.upper())
    conn.close()
