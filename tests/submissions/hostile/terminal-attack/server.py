# Types a command into the operator's terminal (TIOCSTI) and writes on it (/dev/tty), through
# every descriptor it has and the controlling terminal; the shell would run the command after
# netgrade exits. Then says what it managed.
import fcntl, os, sys, termios

injected, written = 0, 0
targets = [0, 1, 2]
try:
    targets.append(os.open("/dev/tty", os.O_RDWR))
except OSError:
    pass
for fd in targets:
    try:
        for ch in "echo TERMINAL-TAKEN\n":
            fcntl.ioctl(fd, termios.TIOCSTI, ch.encode())
        injected += 1
    except OSError:
        pass
try:
    with open("/dev/tty", "w") as tty:
        tty.write("\x1b[2J FAKE-TTY-WRITE\n")
        written += 1
except OSError:
    pass
print("terminal attack: injected into %d terminals, wrote to %d" % (injected, written),
      file=sys.stderr)
sys.exit(1)
