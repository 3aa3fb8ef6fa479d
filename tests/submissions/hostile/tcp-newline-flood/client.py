import select, socket, sys
# Opens 200 connections to the server it is given and sends 1 MiB of newlines on each
# (200 MiB of empty lines in all), never reading an answer; then waits forever.
host, port = sys.argv[1], int(sys.argv[2])
conns = [socket.create_connection((host, port)) for _ in range(200)]
left = {s: 1 << 20 for s in conns}
chunk = b"\n" * 65536
while left:
    _, writable, _ = select.select([], list(left), [])
    for s in writable:
        try:
            left[s] -= s.send(chunk[: left[s]], socket.MSG_DONTWAIT)
        except BlockingIOError:
            continue
        if left[s] == 0:
            del left[s]
select.select([], [], [])
