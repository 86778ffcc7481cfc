# Lookups on classes are cached; every change to a class namespace (its own or
# a base's), and classes made and freed in a loop, must still be seen at once.
import gc


class Base:
    def who(self):
        return "base"

    x = 1


class Child(Base):
    pass


c = Child()
for i in range(3):
    print(c.who(), c.x, Child.x)
Base.who = lambda self: "patched base"
Base.x = 2
print(c.who(), c.x, Child.x)
Child.who = lambda self: "child"
print(c.who())
del Child.who
print(c.who())
del Base.x
try:
    c.x
except AttributeError:
    print("no x")
Base.x = 3
print(c.x)
c.x = 4
print(c.x, Child.x)
del c.x
print(c.x)


# A data descriptor added to the class after instances cached plain lookups.
class P:
    pass


p = P()
p.v = 10
print(p.v)
P.v = property(lambda self: "from property")
print(p.v)
del P.v
print(p.v)

# Classes made and dropped in a loop reuse freed slots: each sees its own.
results = []
for i in range(200):
    cls = type("K%d" % i, (), {"n": i, "get": lambda self: self.n})
    results.append(cls().get())
    if i % 50 == 0:
        gc.collect()
print(results == list(range(200)))


# Methods defined in the class body after a subclass was used.
class A:
    def f(self):
        return "A.f"


class B(A):
    pass


b = B()
print(b.f())
A.g = lambda self: "A.g"
print(b.g(), hasattr(b, "h"))
A.h = 5
print(hasattr(b, "h"), b.h)


# __setattr__ added to a class after its instances stored attributes directly.
class S:
    def __init__(self):
        self.a = 1


s = S()
for i in range(3):
    s.a = s.a + 1
print(s.a)


def logged(self, k, v):
    print("setattr", k, v)
    object.__setattr__(self, k, v * 10)


S.__setattr__ = logged
s.a = 5
print(s.a)
del S.__setattr__
s.a = 6
print(s.a)


# A class attribute that shadows nothing at first, then a data descriptor.
class D:
    pass


d = D()
d.w = 1
d.w = 2
D.w = property(lambda self: "prop", lambda self, v: print("prop set", v))
d.w = 3
print(d.w, d.__dict__)


# __class__ and __dict__ come from the object, whatever its dict holds.
class E:
    pass


e = E()
e.x = 1
e.__dict__["__class__"] = 5
e.__dict__["__dict__"] = 6
for i in range(2):
    print(e.__class__ is E, type(e.__dict__).__name__, sorted(e.__dict__), e.x)
