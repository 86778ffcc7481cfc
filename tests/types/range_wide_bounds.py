# Ranges whose bounds do not fit in 32 bits (kept outside the object's slot
# on 32-bit machines) and ranges at the edges of 32 bits behave as any other.
edges = [2**31 - 1, 2**31, -(2**31), -(2**31) - 1, 2**40, -(2**40), 2**62]
for a in edges:
    r = range(a, a + 10, 3)
    print(r, r.start, r.stop, r.step, len(r), list(r))
    print(a + 3 in r, a + 4 in r, r.index(a + 6), r.count(a + 9), r[-1], r[1:3], r[::-1])
    print(list(reversed(r)), r == range(a, a + 12, 3), bool(r), hash(r) == hash(range(a, a + 12, 3)))
r = range(0, 2**40, 2**31 + 1)
print(len(r), r[5], r[-1], r[2:5], 2 * (2**31 + 1) in r, (2**31) in r)
r = range(2**35, -(2**35), -(2**33))
print(r, list(r), len(r), r[1::2], sum(r))
small = range(2**31 - 3, 2**31 + 3)
print(list(small), small[2:], small[-2:])
print(range(10)[2**31 : 2**40], range(2**30, 2**33, 2**30)[1:3], len(range(2**30, 2**33, 2**30)))
