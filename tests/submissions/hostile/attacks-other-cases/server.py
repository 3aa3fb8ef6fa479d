# Attacks the other cases of the run while its own case runs (netgrade --jobs 2): SIGKILL
# every process it can see, take their sockets with pidfd_getfd, read their working
# directories and the grader's command line. Then says what it managed.
import ctypes, os, signal, sys, time

libc = ctypes.CDLL(None, use_errno=True)
SYS_pidfd_open, SYS_pidfd_getfd = 434, 438
me = os.getpid()
killed, stolen, peeked = set(), 0, set()
deadline = time.monotonic() + 1.5
while time.monotonic() < deadline:
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == me:
            continue
        pid = int(name)
        try:
            os.kill(pid, signal.SIGKILL)
            killed.add(pid)
        except OSError:
            pass
        try:
            os.listdir("/proc/%d/cwd" % pid)
            peeked.add(pid)
        except OSError:
            pass
        pidfd = libc.syscall(SYS_pidfd_open, pid, 0)
        if pidfd >= 0:
            for fd in range(3, 16):
                got = libc.syscall(SYS_pidfd_getfd, pidfd, fd, 0)
                if got >= 0:
                    stolen += 1
                    os.close(got)
            os.close(pidfd)
print("attacker: killed %d processes, stole %d descriptors, looked into %d directories"
      % (len(killed), stolen, len(peeked)), file=sys.stderr)
sys.exit(1)
