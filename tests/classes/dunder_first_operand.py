# Binary operators whose left operand is an instance with the operator as a
# Python function: the interpreter and the tier call it first thing, and
# every other step of the rule must still follow when it declines
# (NotImplemented), raises, or is not a plain function.


class V:
    def __init__(self, x):
        self.x = x

    def __add__(self, o):
        if isinstance(o, V):
            return V(self.x + o.x)
        if isinstance(o, int):
            return V(self.x + o)
        return NotImplemented

    def __sub__(self, o):
        return V(self.x - o.x)

    def __mul__(self, k):
        if k == 0:
            raise ValueError("zero scale")
        return V(self.x * k)

    def __repr__(self):
        return "V(%r)" % (self.x,)


class R:
    # Takes over when V declines.
    def __radd__(self, o):
        return "R.__radd__(%r)" % (o,)


class W(V):
    # A subclass with its own operator, and one it inherits.
    def __add__(self, o):
        return "W+" + repr(o)


def hot(a, b, n=40):
    out = None
    for _ in range(n):
        out = a + b
    return out


print(hot(V(1), V(2)))
print(hot(V(1), 5))
print(hot(V(1), R()))
print(hot(W(1), V(2)))
print(hot(W(4), 1))
print(W(7) - V(2))

# Declined with nothing to take over: TypeError names both types.
try:
    hot(V(1), "s")
except TypeError as e:
    print("TypeError", e)

# The operator raises: the exception leaves through the hot loop.
def scale(v, ks):
    out = []
    for k in ks:
        out.append(v * k)
    return out

try:
    scale(V(3), [1, 2, 3] * 20 + [0])
except ValueError as e:
    print("ValueError", e)

# A builtin's subclass: its operators are the builtin's, not functions.
class C3(list):
    pass

print(hot(C3([1]), [2]))

# The class's operator changes between runs of the same hot code.
def swap(o):
    return o + V(10)

a = V(1)
print(hot(a, V(2)))
V.__add__ = lambda self, o: "replaced"
print(hot(a, V(2)))
del V.__add__
try:
    hot(a, V(2))
except TypeError as e:
    print("TypeError", e)

# An instance attribute named like the operator does not count: Python
# looks operators up on the type.
class D:
    def __add__(self, o):
        return "type's"

d = D()
d.__add__ = lambda o: "instance's"
print(hot(d, 1))

# In-place operators fall back to the plain one.
class I:
    def __init__(self, n):
        self.n = n
    def __add__(self, o):
        return I(self.n + o)

def inplace(n):
    v = I(0)
    for k in range(n):
        v += k
    return v.n

print(inplace(50))

# Operators with keyword-only or default parameters still work.
class K:
    def __add__(self, o, extra=100):
        return o + extra
    def __sub__(self, o, *more):
        return (o, more)

print(hot(K(), 1), hot(K(), 2).__class__.__name__, hot(K(), 3))
print(K() - 4)

# Generators as operators.
class G:
    def __add__(self, o):
        yield o
        yield o + 1

print(list(hot(G(), 7)))

# A declining operator runs once per operation, before the reflected one.
calls = []

class Once:
    def __add__(self, o):
        calls.append("add")
        return NotImplemented

class Other:
    def __radd__(self, o):
        calls.append("radd")
        return 1

hot(Once(), Other(), 3)
print(calls)
