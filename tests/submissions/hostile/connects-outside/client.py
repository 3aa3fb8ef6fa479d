import errno, socket, sys
# Ignores the host it was given and connects to an address outside loopback (TEST-NET-2,
# never routed). netgrade runs it in a network namespace whose only interface is loopback,
# where every address is local: the connection lands on the case's reference server, inside
# the namespace, and nothing leaves the machine. It says on stderr what connect() returned;
# tests/cli/hostile_test.cc reads that back from the diagnosis, with the note that names the
# address the reference server was reached at.
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.settimeout(3)
try:
    s.connect(("198.51.100.7", int(sys.argv[2])))
    print("connect() returned 0: reached", s.getpeername()[0], file=sys.stderr)
    sys.exit(1)
except OSError as e:
    name = errno.errorcode.get(e.errno, "no errno") if e.errno else type(e).__name__
    print("connect() failed:", name, file=sys.stderr)
    sys.exit(1)
