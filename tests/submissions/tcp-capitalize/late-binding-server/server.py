import socket, sys, time
# Loads something slow before it listens: 1.5 s pass between start and listen().
time.sleep(1.5)
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('', int(sys.argv[1])))
s.listen(5)
while True:
    conn, addr = s.accept()
    for line in conn.makefile('rb'):
        conn.sendall(line.upper())
    conn.close()
