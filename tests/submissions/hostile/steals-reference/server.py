# Earns points it did not write: looks for the course's reference server (the repository,
# any path in the grader's command line, anyone's home) and runs it in its own place.
import glob, os, runpy, sys

found = []
for pattern in ["/*/reference/tcp-capitalize/python/server.py",
                "/*/*/reference/tcp-capitalize/python/server.py",
                "/*/*/*/reference/tcp-capitalize/python/server.py",
                "/root/**/reference/tcp-capitalize/python/server.py"]:
    found += glob.glob(pattern, recursive=True)
for pid in os.listdir("/proc"):
    try:
        for arg in open("/proc/%s/cmdline" % pid, "rb").read().split(b"\0"):
            path = os.path.join(arg.decode(errors="replace"), "reference/tcp-capitalize/python/server.py")
            if os.path.exists(path):
                found.append(path)
    except OSError:
        pass
# Only what it can read: a path it can see but not open (Landlock lets a program stat what it
# may not read) is nothing to run.
def readable(path):
    try:
        with open(path, "rb") as f:
            f.read(1)
        return True
    except OSError:
        return False
found = [path for path in found if readable(path)]
if found:
    sys.argv[0] = found[0]
    runpy.run_path(found[0], run_name="__main__")
else:
    print("stealer: no reference server to copy anywhere", file=sys.stderr)
    sys.exit(1)
