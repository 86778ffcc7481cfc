# pyrite-args: -X heapsize=128k
# Loops whose every step allocates (tuples from enumerate/zip/items, boxed
# floats, bigints) run in a small heap for far longer than it could hold:
# each step's temporaries must become garbage, not stay rooted.
n = 0
for i, x in enumerate(range(200000)):
    n += x
print(n)
a = list(range(100))
s = 0
for k in range(1500):
    for p, q in zip(a, a):
        s += p
print(s)
d = {i: i for i in range(50)}
t = 0
for k in range(3000):
    for key, v in d.items():
        t += v
print(t)
f = 0.0
for i in range(100000):
    f = (f + 1e300) * 0.5  # outside the inline-float range: boxed
print(f > 0)
b = 0
for i in range(50000):
    b = (b + 2 ** 70) % (2 ** 90)
print(b)
# Loops of only FOR_ITER, a store to a local and the jump back.
def bare_loops(a):
    for pair in enumerate(range(200000)):
        pass
    print(pair)
    for k in range(2000):
        for pq in zip(a, a):
            pass
    print(pq)


bare_loops(a)
