import socket, sys
# Opens connection after connection to the server it is given and keeps as many open as it
# may (its descriptor limit), closing the oldest when it must: each one cost the grader one
# to three descriptors, enough to make every case of the run an ERROR at the common limit.
host, port = sys.argv[1], int(sys.argv[2])
held = []
for i in range(3000):
    try:
        s = socket.create_connection((host, port), timeout=2)
    except OSError:
        continue
    held.append(s)
    if len(held) > 200:
        held.pop(0).close()
sys.exit(0)
