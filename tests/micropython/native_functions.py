# pyrite-needs: native-emitter
# @micropython.native: compiled when defined, with Python's semantics.
import micropython


@micropython.native
def total(n):
    t = 0
    for i in range(n):
        t += i * i
    return t


print(total(100), total(10**4))


@micropython.native
def grows(n):
    # Past the small-int range: big ints, as in the interpreter.
    x = 1
    for i in range(n):
        x = x * 3 + 1
    return x


print(grows(100))


@micropython.native
def floats(n):
    s = 0.0
    for i in range(n):
        s += 0.5 * i
    return s


print(floats(10))


@micropython.native
def gen(n):
    for i in range(n):
        yield i * 2


print(list(gen(5)))


@micropython.native
def handles(x):
    try:
        return 10 // x
    except ZeroDivisionError:
        return "div0"
    finally:
        print("finally", x)


print(handles(3), handles(0))


def outer(k):
    @micropython.native
    def inner(v):
        return v + k

    return inner


print(outer(5)(10))


class C:
    @micropython.native
    def method(self, a, b=2, *rest, **kw):
        return (a, b, rest, sorted(kw.items()))


print(C().method(1), C().method(1, 3, 4, z=5))


@micropython.native
def raises(n):
    while True:
        n -= 1
        if n < 0:
            raise ValueError("done")


try:
    raises(1000)
except ValueError as e:
    print("ValueError", e)
