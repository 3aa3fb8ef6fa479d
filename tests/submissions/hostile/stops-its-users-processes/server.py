import os, signal, socket, sys
# Stops every other process of its own user it can find (in a default Docker container, the
# helper netgrade runs with the program's uid to see where it is blocked), then accepts a
# client and never answers. The grader must not hang, nor blame itself: it gives up the
# helper, the case ends at its timeout with the verdict it would have had, nothing is left.
port = int(sys.argv[1])
me = os.getuid()
for name in os.listdir("/proc"):
    if name.isdigit() and int(name) != os.getpid():
        try:
            if os.stat("/proc/" + name).st_uid == me:
                os.kill(int(name), signal.SIGSTOP)
        except OSError:
            pass
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("", port))
s.listen(5)
conn, _ = s.accept()
while conn.recv(1024):
    pass  # reads, answers nothing
