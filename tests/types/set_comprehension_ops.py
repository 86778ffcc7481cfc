a = {x % 5 for x in range(20)}
b = {x for x in range(3, 8)}
print(sorted(a), sorted(b), sorted(a & b), sorted(a ^ b), a <= set(range(5)))
print(len({(x, y) for x in range(3) for y in range(3) if x != y}))
s = frozenset("hello")
print(sorted(s), "h" in s, len(s))
