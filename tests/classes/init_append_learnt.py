# Stores that fill fresh instances (`__init__`): once a store site has
# appended its name at the end of a small table, later instances get the
# name appended directly.  Every case where that would be wrong must still
# give what Python gives: the name already there, another class at the
# site, a different position, more attributes than a small table holds.


class P:
    def __init__(self, x, y, pre=None):
        if pre is not None:
            # Present before the site below runs: not appended again.
            self.y = pre
        self.x = x
        self.y = y


def make(n, pre_every=0):
    out = []
    for k in range(n):
        pre = "pre" if pre_every and k % pre_every == 0 else None
        out.append(P(k, -k, pre))
    return out


ps = make(60, pre_every=7)
print([sorted(vars(p).items()) for p in ps[:8]])
print([list(vars(p)) for p in ps[:8]])
print(sum(p.x + p.y for p in ps), len(vars(ps[7])), len(vars(ps[8])))


# The same function filling instances of two classes.
class A:
    pass


class B:
    def __init__(self):
        self.z = 0


def fill(o, v):
    o.a = v
    o.b = v + 1
    return o


objs = []
for k in range(60):
    objs.append(fill(A() if k % 3 else B(), k))
print([list(vars(o).items()) for o in objs[:6]])


# More attributes than a table without an index holds.
class Many:
    def __init__(self, k):
        self.a = k
        self.b = k
        self.c = k
        self.d = k
        self.e = k
        self.f = k


ms = [Many(k) for k in range(60)]
print(list(vars(ms[-1]).items()), sum(m.f for m in ms))


# An attribute deleted and stored again, and one set by __new__ first.
class N:
    def __new__(cls, k):
        o = object.__new__(cls)
        if k % 2:
            o.b = "new"
        return o

    def __init__(self, k):
        self.a = k
        self.b = k


ns = [N(k) for k in range(60)]
print([list(vars(n).items()) for n in ns[:4]])
d = ns[10]
del d.a
d.a = "again"
print(list(vars(d).items()))


# A table filled through __dict__ and setattr between the stores.
class S:
    def __init__(self, k):
        self.a = k
        if k % 5 == 0:
            self.__dict__["b"] = "dict"
            setattr(self, "c", "setattr")
        self.b = k


ss = [S(k) for k in range(60)]
print([list(vars(s).items()) for s in ss[:3]], list(vars(ss[5]).items()))


# The name already in the table, which is as long as the position the site
# appends at: appending would give the instance the name twice.
class Q:
    def __new__(cls, k, skip):
        o = object.__new__(cls)
        if skip:
            o.b = "from __new__"
        return o

    def __init__(self, k, skip):
        if not skip:
            self.a = k
        self.b = k


qs = [Q(k, k % 9 == 8) for k in range(60)]
print([list(vars(q).items()) for q in qs[7:10]], len(vars(qs[8])))


# The same with tables that have an index (more attributes than a small
# table holds): appended names go in the index too.
class Q2:
    def __new__(cls, k, skip):
        o = object.__new__(cls)
        if skip:
            for n in "abcd":
                setattr(o, n, "new")
            o.f = "from __new__"
        return o

    def __init__(self, k, skip):
        if not skip:
            self.a = k
            self.b = k
            self.c = k
            self.d = k
            self.e = k
        self.f = k
        self.g = k


q2 = [Q2(k, k % 9 == 8) for k in range(60)]
print([sorted(vars(q).items()) for q in q2[7:9]], [q.f + q.g for q in q2[:5]])
print(all(getattr(q, n) == q.__dict__[n] for q in q2 for n in vars(q)))
