print(list(enumerate("abc")), list(enumerate("ab", 1)), list(enumerate([], 5)))
for i, (a, b) in enumerate([(1, 2), (3, 4)], start=10):
    print(i, a, b)
e = enumerate("xy")
print(next(e), next(e))

# Counters crossing the machine-word range, from every kind of source.
print(list(enumerate("abc", 2**62 - 2)), list(enumerate([1, 2], -1)), list(enumerate(iter((5, 6)), 10**20)))
def g():
    yield "x"; yield "y"
print(list(enumerate(g(), 3)), list(enumerate(range(3))), list(enumerate({"a": 1})))
