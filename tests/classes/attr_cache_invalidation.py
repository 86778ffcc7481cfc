# Attribute loads and stores go through an inline cache (class, entry index,
# type version): every way the cached answer can go stale must be noticed.
import gc


class P:
    def __init__(self, a, b):
        self.a = a
        self.b = b


def get_a(o):
    return o.a


def set_a(o, v):
    o.a = v


p, q = P(1, 2), P(3, 4)
print(get_a(p), get_a(q))

# Another instance of the class with its attributes in another order.
r = P.__new__(P)
r.b = 5
r.a = 6
print(get_a(r), get_a(p))
set_a(r, 7)
set_a(p, 8)
print(r.a, r.b, p.a, p.b)

# Deleted and re-added: the entry moves.
del p.a
try:
    get_a(p)
except AttributeError:
    print("AttributeError after del")
p.a = 9
print(get_a(p), p.b)

# A property added to the class later takes precedence over the dict.
P.a = property(lambda self: "prop", lambda self, v: print("setter", v))
print(get_a(p), get_a(q))
set_a(q, 10)
del P.a
print(get_a(p), get_a(q))

# A class attribute (a method) shadowed by an instance attribute, then not.
class M:
    def f(self):
        return "method"


m = M()
m.f = lambda: "instance"
print(m.f())
del m.f
print(m.f())

# __setattr__ added after the cache was filled.
set_a(q, 11)
P.__setattr__ = lambda self, k, v: print("setattr", k, v)
set_a(q, 12)
print(get_a(q))
del P.__setattr__
set_a(q, 13)
print(get_a(q))

# __dict__ replaced.
s = P(1, 2)
print(get_a(s))
s.__dict__ = {"b": 20, "a": 21}
print(get_a(s), s.b)

# Subclasses share the code but not the class.
class Q(P):
    pass


t = Q(30, 31)
print(get_a(t), get_a(P(40, 41)), get_a(t))

# Classes made and freed in a loop: a freed class's slot reused by a new
# class must not make the cache answer with the old class's layout.
def make(i):
    if i % 2:
        class K:
            def __init__(self):
                self.a = "K%d" % i
    else:
        class K:
            a = "class-level %d" % i

            def __init__(self):
                self.z = i
    return K


for i in range(6):
    k = make(i)()
    print(get_a(k))
    del k
    gc.collect()

# New attributes appended where other instances keep them: a different
# order, a name already present elsewhere, deleted entries, many attributes.
class R:
    def __init__(self, order):
        for name in order:
            setattr(self, name, name.upper())

    def fill(self):
        self.a = 1
        self.b = 2
        self.c = 3


def show(o):
    return sorted(o.__dict__.items())


r1 = R("")
r1.fill()
r2 = R("")
r2.fill()
r3 = R("cb")
r3.fill()
r4 = R("")
r4.x = 0
del r4.x
r4.fill()
r5 = R("abcdefgh")
r5.fill()
for r in (r1, r2, r3, r4, r5):
    print(show(r), r.a, r.b, r.c)
