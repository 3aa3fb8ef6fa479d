# Spins on the CPU and never listens.
n = 0
while True:
    n += 1
