import os, socket, sys, time
# Under every cap in each process, over the memory cap across them: 100 children each hold
# 20 MiB really written in two memfd files (under the 16 MiB a file may have), 2000 MiB in
# all, past the 1.5 GiB a case may hold, where no address space shows them. Each child says so
# on a pipe once its memory is written; the server then answers every line with what it
# holds, so a case that was not stopped shows it.
ready_r, ready_w = os.pipe()
children = 0
for _ in range(100):
    try:
        pid = os.fork()
    except OSError:
        break
    if pid == 0:
        os.close(ready_r)
        held = [os.memfd_create("held") for _ in range(2)]
        for fd in held:
            for _ in range(10):
                os.write(fd, b"x" * (1 << 20))
        os.write(ready_w, b"1")
        time.sleep(120)
        os._exit(0)
    children += 1
os.close(ready_w)
holding = 0
while holding < children and os.read(ready_r, 1):
    holding += 1
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("", int(sys.argv[1])))
server.listen()
while True:
    conn, _ = server.accept()
    with conn, conn.makefile("rb") as lines:
        for _ in lines:
            said = f"{1 + children} processes, {20 * holding} MiB held by them\n"
            conn.sendall(said.encode())
