import os, socket, sys
# Closes its standard output and error, then serves correctly forever.
os.close(1)
os.close(2)
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("", int(sys.argv[1])))
s.listen(5)
while True:
    conn, _ = s.accept()
    for line in conn.makefile("rb"):
        conn.sendall(line.upper())
    conn.close()
