# Ordering of tuples: decided by the first pair of items that differ (small
# ints, other numbers, strs, nested tuples), else by length; items that are
# the same object count as equal (a NaN included), as in CPython.
nan = float("nan")
big = 2**70
pairs = [
    ((1, 2), (1, 3)),
    ((1, 2), (1, 2)),
    ((1, 2), (1, 2, 0)),
    ((), (0,)),
    ((5,), (-5,)),
    ((nan, 1), (nan, 2)),
    ((nan,), (float("nan"),)),
    ((big, 1), (big + 1, 0)),
    ((1, big), (1, -big)),
    ((1, "b"), (1, "a")),
    ((1, (2, 3)), (1, (2, 4))),
    ((1.5, 0), (1, 9)),
    ((True, 0), (1, -1)),
    ((2**62, 0), (2**62 - 1, 1)),
]
for x, y in pairs:
    print(x < y, x <= y, x > y, x >= y, y < x, x == y)
for bad in [((1, "a"), (1, 2)), ((1, None), (1, 0)), ((1,), [1])]:
    try:
        print(bad[0] < bad[1])
    except TypeError:
        print("TypeError")
print(sorted([(2, 1), (1, 9, 9), (1, 9), (1, -3), (0, "z")]))
print(max([(1, 2), (1, 10), (0, 99)]), min((3, i % 4, -i) for i in range(9)))
# Nesting deeper than the recursion limit raises instead of overflowing.
a, b = 1, 2
x, y = [1], [1]
for i in range(1500):
    a, b = (a,), (b,)
    x, y = [x], [y, 0]
for p, q in ((a, b), (x, y)):
    try:
        print(p < q)
    except RecursionError:
        print("RecursionError")
