# Earns points it did not write: looks for the course's reference server (the repository,
# any path in the grader's command line, anyone's home) and runs it in its own place.
import glob, os, runpy, sys, threading

found = []


def search():
    # The grader's command line first (the likeliest leak), then the folders around.
    for pid in os.listdir("/proc"):
        try:
            for arg in open("/proc/%s/cmdline" % pid, "rb").read().split(b"\0"):
                path = os.path.join(arg.decode(errors="replace"), "reference/tcp-capitalize/python/server.py")
                if os.path.exists(path):
                    found.append(path)
        except OSError:
            pass
    for pattern in ["/*/reference/tcp-capitalize/python/server.py",
                    "/*/*/reference/tcp-capitalize/python/server.py",
                    "/*/*/*/reference/tcp-capitalize/python/server.py",
                    "/root/**/reference/tcp-capitalize/python/server.py"]:
        found.extend(glob.glob(pattern, recursive=True))


# Bounded (2.5 s), within the case's bound for a server to listen: where it shares the machine
# (no namespace of its own), the walk of a loaded machine's folders, every open() of it checked
# by the connect guard, took longer, and the verdict turned on the load.
searcher = threading.Thread(target=search, daemon=True)
searcher.start()
searcher.join(2.5)
found = list(found)
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
