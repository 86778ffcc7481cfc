# Attributes an __init__ gives fresh instances in a hot loop (compiled
# code appends them to the instance's table itself): their values and
# order, an attribute shadowing a method, more attributes than a small
# table holds, __init__ run again on an old instance, attributes deleted
# and added later, and a subclass adding its own.


class P:
    def __init__(self, a, b):
        self.a = a
        self.b = b
        self.total = a + b

    def total2(self):
        return "method"


class Shadow:
    def __init__(self, v):
        self.name = v
        self.describe = v * 2

    def describe(self):
        return "method"


class Wide:
    def __init__(self, v):
        self.a = v
        self.b = v + 1
        self.c = v + 2
        self.d = v + 3
        self.e = v + 4
        self.f = v + 5


class Q(P):
    def __init__(self, a, b):
        P.__init__(self, a, b)
        self.extra = a * b


def run(n):
    out = []
    for i in range(n):
        p = P(i, 2)
        s = Shadow(i)
        w = Wide(i)
        q = Q(i, 3)
        out.append((p.a, p.b, p.total, p.total2(), s.describe, s.name, w.f, w.a, q.extra, q.total))
    return out


r = run(200)
print(r[0], r[-1], len(r))
p = P(1, 2)
print(sorted(p.__dict__.items()), list(p.__dict__))
s = Shadow(4)
print(s.describe, Shadow.describe(s), list(s.__dict__))
try:
    s.describe()
except TypeError:
    print("TypeError")
p.__init__(10, 20)
print(sorted(p.__dict__.items()))
del p.b
p.c = 5
print(sorted(p.__dict__.items()), hasattr(p, "b"))
w = Wide(7)
print(sorted(w.__dict__.items()), w.c, getattr(w, "e"))
q = Q(2, 5)
print(sorted(q.__dict__.items()))


def again(n):
    # The same sites, on instances given attributes in another order first.
    out = []
    for i in range(n):
        o = P.__new__(P)
        o.total = -1
        P.__init__(o, i, i)
        out.append((o.a, o.b, o.total, list(o.__dict__)))
    return out[-1]


print(again(100))
# Lookups by name in tables the appends made.
s = Shadow(5)
q = Q(3, 4)
print(getattr(s, "name"), "name" in s.__dict__, s.__dict__["name"], q.__dict__.get("extra"))
print(hasattr(q, "total"), getattr(q, "extra", "missing"), "extra" in vars(q))
q.__dict__["extra"] = 0
print(q.extra, len(q.__dict__))
