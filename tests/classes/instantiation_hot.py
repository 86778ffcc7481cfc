# Classes instantiated in hot loops (compiled code makes the call itself
# once its call site has learnt the class): no arguments to seven, the
# instance and arguments in the right slots, __init__ returning something
# else, raising, or replaced while the loop runs, subclasses, __new__,
# defaults, keyword arguments, a class behind an attribute, recursion
# through __init__, and the class name rebound to a function.


class A:
    def __init__(self):
        self.k = 0


class B:
    def __init__(self, a):
        self.a = a


class C:
    def __init__(self, a, b, c):
        self.t = (a, b, c)


class D:
    def __init__(self, a, b, c, d, e, f, g):
        self.t = (a, b, c, d, e, f, g)


class E:
    def __init__(self, a, b, c, d):
        self.t = (a, b, c, d)


def shapes(n):
    out = []
    for i in range(n):
        out.append((A().k, B(i).a, C(i, 2, 3).t, D(1, 2, 3, 4, 5, 6, i).t, E(i, 9, 8, 7).t))
    return out[-1], out[n // 2], len(out)


print(shapes(300))


class Bad:
    def __init__(self, v):
        self.v = v
        if v == 250:
            return 5


def bad(n):
    got = 0
    for i in range(n):
        try:
            got += Bad(i).v
        except TypeError as e:
            print("TypeError", e, i)
    return got


print(bad(300))


class Raises:
    def __init__(self, v):
        if v % 100 == 99:
            raise ValueError(v)
        self.v = v


def raises(n):
    t = 0
    for i in range(n):
        try:
            t += Raises(i).v
        except ValueError as e:
            print("ValueError", e)
    return t


print(raises(300))


class Swap:
    def __init__(self, v):
        self.v = v


def other_init(self, v):
    self.v = -v


def swapped(n):
    t = 0
    for i in range(n):
        if i == 150:
            Swap.__init__ = other_init
        t += Swap(i).v
    return t


print(swapped(300))


class Base:
    def __init__(self, v):
        self.v = v


class Sub(Base):
    pass


class WithNew:
    def __new__(cls, v):
        o = object.__new__(cls)
        o.w = v * 2
        return o

    def __init__(self, v):
        self.v = v


class Defaults:
    def __init__(self, v, w=10):
        self.v = v + w


def kinds(n):
    t = 0
    for i in range(n):
        t += Sub(i).v + WithNew(i).w + WithNew(i).v + Defaults(i).v + Defaults(i, w=1).v
        t += Defaults(i, 2).v
    return t


print(kinds(200))


class Holder:
    def __init__(self):
        self.cls = B

    def make(self, n):
        return [self.cls(i).a for i in range(n)]


print(sum(Holder().make(300)))


class Node:
    def __init__(self, depth):
        self.child = Node(depth - 1) if depth else None
        self.depth = depth


def chain(n):
    t = 0
    for i in range(n):
        x = Node(i % 5)
        while x is not None:
            t += x.depth
            x = x.child
    return t


print(chain(300))


def rebound(n):
    global B
    t = 0
    for i in range(n):
        if i == 200:
            B = lambda v: A()
        t += isinstance(B(i), A)
    return t


print(rebound(300))


def deep(k):
    # RecursionError through __init__ calls made by compiled code.
    class R:
        def __init__(self, k):
            self.r = R(k + 1)

    try:
        R(0)
    except RuntimeError as e:
        return type(e).__name__


print(deep(0))
