# sum() over generators: ints, floats, mixes, overflow into big ints, bools,
# objects with __add__ whose calls interleave with the generator's own side
# effects, exceptions on either side, start values, nesting, yield from.

print(sum(x for x in range(100)))
print(sum(x * 0.5 for x in range(10)))
print(sum((x if x % 2 else x * 0.25) for x in range(9)))
print(sum(x for x in [2 ** 62, 2 ** 62, 2 ** 62, -5]))
print(sum(x for x in [1.5, 2 ** 70, 2.5]))
print(sum(x for x in [True, True, 2, False]))
print(sum((x for x in range(5)), 10), sum((x for x in range(5)), 0.5), sum((x for x in range(3)), 2 ** 80))
print(sum(x for x in []), sum((x for x in []), 7))
print(sum(x for x in [1e308, 1e308, -1e308]))
print(sum(x for x in [0.1] * 10), sum([0.1] * 10))
print(sum(x for x in [-0.0, -0.0]), sum((x for x in [-0.0]), -0.0))

log = []


class Acc:
    def __init__(self, v):
        self.v = v

    def __add__(self, o):
        log.append("add %s" % (o,))
        return Acc(self.v + o)

    def __radd__(self, o):
        log.append("radd %s" % (o,))
        return Acc(o + self.v)


def produce(n):
    for i in range(n):
        log.append("yield %d" % i)
        yield i
    log.append("done")


r = sum(produce(3), Acc(100))
print(r.v, log)
log.clear()


def mixed():
    yield 1
    log.append("after 1")
    yield Acc(5)
    log.append("after acc")
    yield 2
    log.append("end")


r = sum(mixed())
print(r.v, log)


def fails():
    yield 1
    yield 2
    raise ValueError("in generator")


try:
    sum(fails())
except ValueError as e:
    print("ValueError", e)


def bad_type():
    yield 1
    yield "x"
    yield 3


try:
    sum(bad_type())
except TypeError as e:
    print("TypeError")

g = (x for x in range(10))
print(next(g), next(g), sum(g), list(g))


def inner():
    yield 1
    yield 2
    return 99


def outer():
    r = yield from inner()
    yield r
    yield sum(x * x for x in range(4))


print(sum(outer()))
print(sum(sum(y for y in range(x)) for x in range(6)))


def catcher():
    try:
        yield 1
        yield 2
    finally:
        log.append("closed")


log.clear()
print(sum(catcher()), log)
