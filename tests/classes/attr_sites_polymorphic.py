# One attribute instruction used on instances of several classes that keep
# the name at different places in their dicts (native code gives each such
# instruction a cache of the last two classes seen there): every answer must
# be the current one, whichever class comes, goes or changes.
import gc


class A:
    def __init__(self, v):
        self.link = v
        self.x = 1


class B:
    def __init__(self, v):
        self.y = 2
        self.z = 3
        self.link = v


class C:
    def __init__(self, v):
        self.q = 0
        self.link = v


def links(objs):
    out = []
    for o in objs:
        out.append(o.link)
    return out


def relink(objs, v):
    for o in objs:
        o.link = v


objs = [A(1), B(2), C(3), A(4), B(5), C(6)]
for _ in range(5):
    print(links(objs))
relink(objs, "r")
print(links(objs), [o.__dict__ for o in objs])

# Two classes alternating at one site, then a third: the third evicts one.
ab = [A(i) if i % 2 else B(i) for i in range(10)]
for _ in range(3):
    print(sum(links(ab)))
print(links([C(7)] + ab[:3]))

# A class attribute that appears after the cache filled takes over.
A.link = property(lambda self: "prop A")
print(links(objs))
del A.link
print(links(objs))

# A class freed and another made in its place: never the old entry.
def make(n):
    class D:
        def __init__(self):
            for i in range(n):
                setattr(self, "f%d" % i, i)
            self.link = "D%d" % n

    return D()


for n in range(4):
    d = make(n)
    print(links([d, d]))
    del d
    gc.collect()

# Stores through one site into fresh instances of two classes whose dicts
# are filled in different orders.
class E:
    def __init__(self):
        self.a = 1
        fill(self)


class F:
    def __init__(self):
        self.b = 2
        self.c = 3
        fill(self)


def fill(o):
    o.p = "p"
    o.r = "r"


es = [E() if i % 3 else F() for i in range(9)]
print([sorted(o.__dict__.items()) for o in es[:3]])

# A deleted attribute at a cached site raises, and comes back.
o = objs[1]
del o.link
try:
    links([objs[0], o])
except AttributeError as e:
    print("AttributeError", e)
o.link = "back"
print(links(objs))

# __setattr__ added to a class after its instances went through the site.
def noisy(self, name, v):
    print("setattr", name, v)
    object.__setattr__(self, name, v)


C.__setattr__ = noisy
relink(objs, "s")
print(links(objs))


# The heap's table of objects grows (and moves) while native code reads
# attributes through it.
def grow(n):
    keep = []
    acc = 0
    for k in range(n):
        keep.append(A(k))
        acc += keep[k // 2].link + len(keep[-1].__dict__)
    return acc


print(grow(4000))
