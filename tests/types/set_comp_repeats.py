# Set comprehensions adding keys they already hold: small ints and strs found
# by identity, equal keys of other kinds (1, True, 1.0) kept once, first wins.
print(sorted({v % 17 for v in range(200)}))
print(sorted(map(repr, {x for x in [True, 1, 1.0, 2, 2.0, False, 0]})))
print(sorted({w for w in "the cat the hat the bat".split()}))
s = {k for k in ["a", "b", "a", "".join(["a"]), "b"]}
print(sorted(s), len(s))
print({(i % 2, i % 3) for i in range(12)} == {(a, b) for a in range(2) for b in range(3)})
big = {i % 1000 for i in range(10000)}
print(len(big), min(big), max(big))
