# One method call site used on objects of several types (native code gives
# each LOAD_METHOD a cache of the last two types and the methods found on
# them): every call must reach the method the rule finds now.
import gc


class A:
    def name(self):
        return "A"


class B(A):
    def name(self):
        return "B"


class C:
    def name(self):
        return "C"


def names(objs):
    return [o.name() for o in objs]


objs = [A(), B(), C(), A(), C(), B()]
for _ in range(4):
    print(names(objs))

# A method replaced on the class, then on a base class.
A.name = lambda self: "A2"
print(names(objs))
del B.name
print(names(objs))

# An instance attribute shadows the method, and stops shadowing it.
objs[2].name = lambda: "own"
print(names(objs))
del objs[2].name
print(names(objs))


# Builtin methods on builtin objects at one site: str, list, dict, int.
def counts(xs):
    return [x.count(1) if not isinstance(x, (dict, int)) else x.__class__.__name__ for x in xs]


def uppers(xs):
    out = []
    for x in xs:
        out.append(x.upper())
    return out


print(uppers(["ab", "cd", "ab" * 40, "x"]))
print(counts([[1, 1], (1, 2), {1: 2}, 5, [2]]))


def bits(xs):
    return [x.bit_length() for x in xs]


print(bits([1, 255, True, 2**70]))


# A subclass of a builtin type: its instances' methods are found on the
# class and its own dict.
class L(list):
    def total(self):
        return sum(self)


def totals(xs):
    return [x.total() for x in xs]


print(totals([L([1, 2]), L([3])]))


def appends(xs):
    for x in xs:
        x.append(9)
    return xs


print(appends([[1], L([2]), [3]]))


# A class freed and another made in its place, called at the same site.
def make(v):
    class D:
        def name(self):
            return v

    return D()


for k in range(4):
    d = make("D%d" % k)
    print(names([d, d]))
    del d
    gc.collect()

# A method that raises: the traceback still names its line.
class E:
    def name(self):
        raise ValueError("from E")


try:
    names([A(), E()])
except ValueError as e:
    print("ValueError", e)
