r = range(2, 20, 3)
print(r, len(r), r[0], r[-1], r[2:4], list(r[::2]), 5 in r, 6 in r, r.index(8), r.count(11))
print(range(5), range(1, 5), range(0, -5, -1), list(range(0, -5, -1)), len(range(10**6)))
print(range(0, 10) == range(0, 10, 1), range(0) == range(5, 5), list(reversed(range(4))))
print(r.start, r.stop, r.step)
try:
    range(1, 2, 0)
except ValueError:
    print("ValueError")
