# Allocates memory without bound before listening.
hog = []
while True:
    hog.append(bytearray(64 << 20))
