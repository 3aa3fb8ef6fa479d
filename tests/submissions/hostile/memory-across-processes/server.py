import os, sys, time
# Stays under the memory limit in each process (RLIMIT_DATA) but not across them: four
# children and itself each hold 450 MiB, 2.2 GiB in all, before it ever listens.
children = []
for _ in range(4):
    pid = os.fork()
    if pid == 0:
        held = b"x" * (450 << 20)
        time.sleep(120)
        os._exit(0)
    children.append(pid)
held = b"x" * (450 << 20)
time.sleep(120)
