# Sorting by tuples of small ints (a key function's or the items
# themselves): item by item, a shorter prefix first, stable, reverse
# keeping equal keys in their order; keys with other items (big ints,
# floats, strs), lists among the tuples, and empty tuples mixed in.
data = []
seed = 7
for _ in range(300):
    seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
    data.append(seed % 100 - 50)
print(sorted(data, key=lambda v: (v % 7, -v))[:20])
print(sorted(data, key=lambda v: (v % 3, v // 10), reverse=True)[:20])
tagged = [(v % 5, k) for k, v in enumerate(data)]
print(sorted(tagged, key=lambda t: (t[0],))[:12])
print(sorted(tagged, key=lambda t: (t[0],), reverse=True)[:12])
print(sorted([(1, 2, 3), (1, 2), (), (0,), (1, 2, -1), (-5, 9), (1,)]))
print(sorted([(1, 2, 3), (1, 2), (), (0,), (1, 2, -1), (-5, 9), (1,)], reverse=True))
print(sorted([(2, 10**20), (2, 1), (1, 5), (2, -(10**20))]))
print(sorted([(1, 2.5), (1, 2), (0, 9)]))
print(sorted([(1, "b"), (1, "a"), (0, "z")]))
try:
    sorted([(1, 2), [1, 3]])
except TypeError as e:
    print("TypeError")
big = [(v % 11, -v, v) for v in data]
big.sort()
print(big[:8], big[-3:])
print(sorted(range(-5, 25), key=lambda v: (-(v % 4), v % 3, v)))
print(sorted([(2**40, 1), (2**40 - 1, 5), (-(2**40), 0)]))
