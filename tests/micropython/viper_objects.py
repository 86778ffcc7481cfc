# pyrite-needs: native-emitter
# Viper code working with Python objects: globals, calls, methods,
# attributes, subscripts, exceptions.
import micropython

SCALE = 3


def helper(a, b):
    return a * 10 + b


class Box:
    def __init__(self):
        self.v = 5

    def bump(self, n):
        self.v += n
        return self.v


@micropython.viper
def uses_objects(lst, box) -> int:
    n = int(len(lst))
    s = 0
    for i in range(n):
        s += int(lst[i]) * int(SCALE)
    lst.append(n)
    box.v = s
    lst[0] = helper(n, 7)
    return s + int(box.bump(1))


lst = [1, 2, 3]
b = Box()
print(uses_objects(lst, b), lst, b.v)


@micropython.viper
def build(x: int, y: int):
    return (x, [y, x + y], x < y, None)


print(build(2, 40))


@micropython.viper
def strings(s) -> int:
    t = s + "!"
    print(t, t.upper())
    return int(len(t))


print(strings("hi"))


@micropython.viper
def ints_to_python(x: int, u: uint, b: bool):
    # Machine values passed to Python become ints and bools.
    print(x, u, b, type(x).__name__, type(b).__name__)


ints_to_python(-5, -1, True)


def fails(n):
    if n > 2:
        raise ValueError("n too big: %d" % n)
    return n


@micropython.viper
def calls_failing(n: int) -> int:
    t = 0
    for i in range(n):
        t += int(fails(i))
    return t


print(calls_failing(3))
try:
    calls_failing(5)
except ValueError as e:
    print("ValueError", e)


@micropython.viper
def raises(x: int) -> int:
    if x > 0:
        raise KeyError(x)
    return x


try:
    raises(7)
except KeyError as e:
    print("KeyError", e)


@micropython.viper
def truth(o) -> int:
    if o:
        return 1
    return 0


print(truth([]), truth([0]), truth(None), truth("x"))


@micropython.viper
def obj_ops(a, b):
    return (a + b, a * b, a == b, -a)


print(obj_ops(3, 4), obj_ops(2.5, 1))


@micropython.viper
def missing():
    return undefined_name


try:
    missing()
except NameError as e:
    print("NameError", e)


@micropython.viper
def recurse(n: int) -> int:
    if n <= 1:
        return 1
    return n * int(recurse(n - 1))


print(recurse(10))


@micropython.viper
def iterate(items, buf) -> int:
    # for over any iterable: the values are objects.
    t = 0
    for x in items:
        t += int(x)
    p = ptr8(buf)
    k = 0
    for ch in "abc":
        p[k] = int(ord(ch))
        k += 1
    for x in []:
        t += 1000
    return t


buf = bytearray(3)
print(iterate([1, 2, 3, 40], buf), buf, iterate(range(5), buf))


@micropython.viper
def iterate_fails(items) -> int:
    t = 0
    for x in items:
        t += int(x)
    return t


try:
    iterate_fails([1, "x"])
except TypeError as e:
    print("TypeError", e)
try:
    iterate_fails(5)
except TypeError as e:
    print("TypeError", e)
