import os, signal, socket, sys
# Starts a daemon (double fork, new session, SIGTERM ignored) that accepts connections and
# never answers; the process netgrade started ignores SIGTERM and waits forever.
port = int(sys.argv[1])
signal.signal(signal.SIGTERM, signal.SIG_IGN)
if os.fork() == 0:
    os.setsid()
    if os.fork() > 0:
        os._exit(0)
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("", port))
    s.listen(5)
    held = []
    while True:
        conn, _ = s.accept()
        held.append(conn)  # read nothing, answer nothing
while True:
    signal.pause()
