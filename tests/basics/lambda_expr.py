sq = lambda x: x * x
print(sq(7))
print((lambda: 42)())
print((lambda a, b=2, *c, **d: (a, b, c, d))(1, 3, 4, k=5))
print(sorted([3, 1, 2], key=lambda v: -v))
print(list(map(lambda x: x + 1, [1, 2])))
