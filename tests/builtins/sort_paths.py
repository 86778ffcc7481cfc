# list.sort and sorted() take different paths by what they sort: small ints,
# strs, small-int keys (packed), str keys, any other keys (merge sort with <).
# Each must be stable, honour reverse, and raise what CPython raises.


class Rec:
    def __init__(self, k, tag):
        self.k = k
        self.tag = tag

    def __repr__(self):
        return "%r/%s" % (self.k, self.tag)


def lcg(n, m, seed=7):
    out = []
    for _ in range(n):
        seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
        out.append(seed % m)
    return out


vals = lcg(300, 50)
recs = [Rec(v, i) for i, v in enumerate(vals)]

# small ints without a key, both directions, negatives included
ints = [v - 25 for v in vals]
print(sorted(ints)[:12], sorted(ints, reverse=True)[:12])
ints.sort()
print(ints[-5:])

# small-int keys: stable, and reverse keeps equal keys in order
for rev in (False, True):
    out = sorted(recs, key=lambda r: r.k // 3 - 8, reverse=rev)
    print(out[:8], out[-4:])
# keys spanning more than 2**32 and negative keys
wide = [Rec((v - 25) * 10**9, i) for i, v in enumerate(vals[:40])]
print(sorted(wide, key=lambda r: r.k)[:5])
print(sorted(wide, key=lambda r: r.k, reverse=True)[:5])
print(sorted(range(-5, 5), key=lambda v: -(2**40) if v % 2 else 2**40))

# str keys and strs without a key, stable for equal strs
names = ["w%d" % (v % 7) for v in vals]
by_name = sorted(zip(names, range(300)), key=lambda p: p[0])
print(by_name[:6], by_name[-3:])
print(sorted(names, reverse=True)[:5], sorted(names)[:3])
print(sorted(recs, key=lambda r: "k%02d" % (r.k % 9), reverse=True)[:6])

# tuple keys (the general path)
out = sorted(recs, key=lambda r: (r.k % 5, -r.k))
print(out[:6], out[-6:])
out = sorted(recs, key=lambda r: (r.k % 5, r.k), reverse=True)
print(out[:6])
# floats mixed with ints, and a key that returns the item
print(sorted([2.5, 1, -0.5, 3, 1.0, True], key=lambda x: x))
print(sorted([[2, 1], [1, 9], [2, 0], [1]]))

# the key runs once per item, in order, even for one item
seen = []
sorted([3, 1, 2], key=lambda v: seen.append(v) or v)
sorted([9], key=lambda v: seen.append(v) or v)
print(seen)

# errors: a raising key, an unorderable pair, a list changed by its key
try:
    sorted([1, 2, 0, 3], key=lambda v: 1 // v)
except ZeroDivisionError as e:
    print("ZeroDivisionError", e)
try:
    sorted([Rec(1, 0), Rec(2, 1)], key=lambda r: r if r.k == 2 else r.k)
except TypeError as e:
    print("TypeError")
lst = [3, 1, 2]
try:
    lst.sort(key=lambda v: lst.append(v) or v)
except ValueError as e:
    print("ValueError", e)
try:
    [1, 2].sort(cmp=None)
except TypeError as e:
    print("TypeError", e)


# a list subclass sorts its own items
class L(list):
    pass


sub = L([3, 1, 2])
sub.sort(reverse=True)
print(sub, sorted(sub))

# a sort by heap-object keys leaves the heap usable for what follows
big = sorted(range(20000), key=lambda v: (v % 10, -v))
print(big[:3], big[-3:], len([str(v) for v in range(20000)]))
