# Native consumers that take every value (list, tuple, sorted, str.join,
# unpacking, star arguments) drain a generator in one run: yields must still
# see None as their value, yield from must delegate, nested drains must keep
# their values apart, and errors must surface at the same point.
def g(n):
    for i in range(n):
        got = yield i
        if got is not None:
            print("unexpected", got)


print(list(g(5)), tuple(g(3)), sorted(g(4), reverse=True), "-".join(str(x) for x in g(4)))
a, *b = g(4)
print(a, b)


def f(*args):
    return args


print(f(*g(3)), list(x * 2 for x in g(3)), set(g(3)) == {0, 1, 2})

# Partly consumed first, then drained.
it = g(6)
print(next(it), next(it), list(it), list(it))


# yield from inside a drained generator.
def outer():
    yield "start"
    r = yield from inner()
    yield "inner returned %s" % r
    yield from [7, 8]


def inner():
    x = yield "in1"
    yield "in2 got %s" % x
    return 42


print(list(outer()))


# A drained generator drains another inside its body.
def nested():
    for i in range(3):
        yield list(g(i))
        yield "-".join(str(v) for v in g(i + 1))


print(list(nested()))


# Errors part-way: side effects before the error happened, nothing after.
def boom():
    yield 1
    print("before error")
    raise ValueError("bad")
    print("never")


try:
    list(boom())
except ValueError as e:
    print("ValueError", e)
try:
    "".join(x for x in ["a", 1, "c"])
except TypeError:
    print("TypeError from join")


# A generator that looks at itself while being drained.
def selfish():
    yield 1
    try:
        next(me)
    except ValueError as e:
        print("ValueError", e)
    yield 2


me = selfish()
print(list(me))


# Finally blocks run when the drained generator ends.
def fin():
    try:
        yield "a"
        yield "b"
    finally:
        print("finally ran")


print(list(fin()))


# Big drains stay correct under collection.
print(sum(len(list(g(i))) for i in range(200)), len(list(str(i) * 10 for i in range(5000))))
