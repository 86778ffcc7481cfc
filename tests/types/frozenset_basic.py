f = frozenset([1, 2, 3])
print(sorted(f), len(f), 2 in f, hash(f) == hash(frozenset([3, 2, 1])))
print(sorted(f | {4}), type(f | {4}).__name__, f == {1, 2, 3})
d = {f: "frozen key"}
print(d[frozenset({1, 2, 3})])
try:
    f.add(5)
except AttributeError:
    print("AttributeError")
