import os, signal, socket, sys
# Daemonizes (double fork, new session), ignores SIGTERM and keeps the port, answering in
# upper case; the process netgrade started exits at once.
port = int(sys.argv[1])
if os.fork() > 0:
    os._exit(0)
os.setsid()
if os.fork() > 0:
    os._exit(0)
signal.signal(signal.SIGTERM, signal.SIG_IGN)
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("", port))
s.listen(5)
while True:
    conn, _ = s.accept()
    f = conn.makefile("rb")
    for line in f:
        conn.sendall(line.upper())
    conn.close()
