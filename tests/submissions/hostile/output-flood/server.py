import socket, sys
# Floods standard output (1 GiB) instead of serving.
chunk = "flood " * 170 + "\n"
for _ in range((1 << 30) // len(chunk)):
    sys.stdout.write(chunk)
