import ctypes, os, sys
# Tries what would leave state in the kernel or widen its reach: a key under its uid (which
# outlives the case and is readable by a later program of the same uid), a user namespace,
# io_uring, bpf. Says on stderr what each returned, then stops: it never serves.
libc = ctypes.CDLL(None, use_errno=True)
calls = {
    "add_key": (248, b"user", b"netgrade-note", b"left by a submission", 20, -3 & 0xFFFFFFFF),
    "unshare(CLONE_NEWUSER)": (272, 0x10000000),
    "io_uring_setup": (425, 4, None),
    "bpf": (321, 0, None, 0),
}
for name, args in calls.items():
    rc = libc.syscall(*args)
    e = ctypes.get_errno()
    print(f"{name}: {'allowed' if rc >= 0 else f'refused, errno {e} ({os.strerror(e)})'}",
          file=sys.stderr)
sys.exit(1)
