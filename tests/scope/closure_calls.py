# Calls of closures: cells go before the arguments, whatever the caller
# (function call, method call, recursion), with defaults, keywords and star
# arguments taking the general path.
def make_acc():
    total = 0
    calls = 0

    def add(x):
        nonlocal total, calls
        calls += 1
        total += x
        return total

    return add, lambda: calls


acc, ncalls = make_acc()
print([acc(i) for i in range(5)], ncalls())

adders = [(lambda k: (lambda x: x + k))(k) for k in range(4)]
print([f(10) for f in adders])


def outer(a, b):
    def inner(c, d=100):
        return a * 1000 + b * 100 + c * 10 + d

    return inner


f = outer(1, 2)
print(f(3), f(3, 4), f(c=5), f(*[6], **{"d": 7}))


def counter():
    n = [0]

    def fact(k):
        n[0] += 1
        return 1 if k <= 1 else k * fact(k - 1)

    return fact, n


fact, calls = counter()
print(fact(10), calls[0])


def make_class(tag):
    class K:
        def m(self, x):
            return "%s:%s" % (tag, x)

    return K


k = make_class("T")()
print(k.m(1), [k.m(i) for i in range(3)])

try:
    acc(1, 2)
except TypeError:
    print("TypeError")


def deep(n):
    def rec(i):
        return i if i >= n else rec(i + 1)

    return rec


try:
    deep(100000)(0)
except RuntimeError:
    print("RecursionError")


def make_point(scale):
    class Pt:
        def __init__(self, x):
            self.x = x * scale

    return Pt


print(make_point(3)(4).x, [make_point(2)(i).x for i in range(3)])
