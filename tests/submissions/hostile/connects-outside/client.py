import socket, sys
# Ignores the host it was given and connects to an address outside loopback
# (TEST-NET-2, never routed); then reports what happened on stderr.
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.settimeout(3)
try:
    s.connect(("198.51.100.7", int(sys.argv[2])))
    print("connected outside")
except OSError as e:
    print("could not connect:", e, file=sys.stderr)
    sys.exit(1)
