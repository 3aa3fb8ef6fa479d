import errno, socket, sys
# Ignores the host it was given and connects to an address outside loopback (TEST-NET-2,
# never routed). netgrade runs it in a network namespace with no route but loopback, so
# connect() fails at once; it says on stderr what connect() returned (the errno's name),
# and tests/cli/hostile_test.cc reads that back from the diagnosis: ENETUNREACH.
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.settimeout(3)
try:
    s.connect(("198.51.100.7", int(sys.argv[2])))
    print("connect() returned 0: connected outside")
except OSError as e:
    name = errno.errorcode.get(e.errno, "no errno") if e.errno else type(e).__name__
    print("connect() failed:", name, file=sys.stderr)
    sys.exit(1)
