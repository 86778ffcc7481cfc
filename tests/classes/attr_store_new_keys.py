# Storing attributes an instance does not have yet: fresh instances filled by
# __init__, a __dict__ replaced by one with str keys built at run time, and
# classes whose instances keep the same names at different positions.


class P:
    def __init__(self, a, b):
        self.a = a
        self.b = b


class Q:
    def __init__(self, b, a):
        self.b = b
        self.a = a


ps = [P(i, i * 2) for i in range(5)]
qs = [Q(i, -i) for i in range(5)]
print([(p.a, p.b) for p in ps])
print([(q.a, q.b) for q in qs])
for p, q in zip(ps, qs):
    p.c = q.a
    q.c = p.b
print([p.c for p in ps], [q.c for q in qs])
print(sorted(vars(ps[0])), sorted(vars(qs[0])))

# A dict whose key "x" is not an interned name: storing x must replace it,
# not add a second "x".
o = P(1, 2)
key = "".join(["x"])
d = {key: 10}
o.__dict__ = d
o.x = 11
print(o.x, len(o.__dict__), d)
o.y = 12
print(sorted(o.__dict__.items()))

# Many attributes: the table grows past its first size.
o = P(0, 0)
for i in range(20):
    setattr(o, "f%d" % i, i)
print(len(vars(o)), o.f0, o.f19)
for i in range(20):
    exec("o.g%d = %d" % (i, i))
print(len(vars(o)), o.g7)
