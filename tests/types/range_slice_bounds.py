# Slicing a range gives CPython's bounds (the slice's clamped start and stop
# mapped through the range), and equal ranges hash alike.
for a in (-9, 3):
    for b in (-1, 9):
        for c in (-3, 2):
            r = range(a, b, c)
            for st in (None, -3, 7):
                for sp in (None, -2, 11):
                    for ss in (None, -1, 3):
                        x = r[st:sp:ss]
                        same = list(x) == list(r)[st:sp:ss]
                        print(r, st, sp, ss, x, same, hash(x) == hash(range(x.start, x.stop, x.step)))
print(hash(range(0)) == hash(range(5, 5)), hash(range(3, 4)) == hash(range(3, 9, 10)))
print(range(3, 4) == range(3, 9, 10), {range(0, 6, 2): 1}[range(0, 5, 2)])
