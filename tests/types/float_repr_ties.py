# repr of floats whose shortest digits sit next to an exact decimal
# midpoint (1e15 + 0.25 is exactly ...000.25: the even neighbour wins), and
# of quarters, eighths and other dyadic values, as CPython writes them.
vals = []
for k in range(64):
    vals.append(1e15 + k * 0.125)
    vals.append(1e16 + k * 2.0)
    vals.append(2.0**53 + k * 2)
    vals.append(k * 0.25 + 0.125)
    vals.append((k - 32) / 1024)
    vals.append(k * 1.1 + 1e-7)
seed = 12345
for _ in range(200):
    seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
    vals.append(seed / 2 ** (seed % 40))
    vals.append((seed % 100000) * 0.25 + 1e15)
for i in range(0, len(vals), 8):
    print(" ".join(repr(v) for v in vals[i : i + 8]))
