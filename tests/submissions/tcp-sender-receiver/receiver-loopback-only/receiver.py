import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', int(sys.argv[1])))   # only this computer can connect
s.listen(1)
while True:
    conn, addr = s.accept()
    for line in conn.makefile('r'):
        print(line.rstrip('\n'))
    conn.close()
