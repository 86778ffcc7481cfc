s = set()
for i in range(20):
    s.add(i % 7)
print(sorted(s))
s.update([10, 11], {12})
s -= {0, 1}
s |= {99}
s &= {2, 3, 10, 99, 1000}
print(sorted(s))
p = s.pop()
print(p in s, len(s))
try:
    set().pop()
except KeyError:
    print("KeyError")
try:
    s.remove(12345)
except KeyError:
    print("KeyError remove")
c = s.copy()
c.clear()
print(len(c), len(s) > 0)
