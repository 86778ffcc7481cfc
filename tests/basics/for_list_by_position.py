# `for` over a list reads it by position, without an iterator object: a list
# that grows, shrinks or is replaced while the loop runs, nested loops over
# one list, break and exceptions, generators suspended mid-loop, list
# subclasses, and loops long enough for the native tier.


def grows(n):
    a = [1, 2, 3]
    seen = 0
    for x in a:
        seen += x
        if len(a) < n:
            a.append(x + 1)
    return seen, len(a)


print(grows(2000))


def shrinks():
    a = list(range(10))
    out = []
    for x in a:
        out.append(x)
        if a:
            del a[0]
    return out, a


print(shrinks())


def replaced():
    a = [1, 2, 3]
    out = []
    for x in a:
        out.append(x)
        a = [9, 9, 9, 9]
    return out, a


print(replaced())


def sorted_inside():
    a = [3, 1, 2, 5, 4]
    out = []
    for x in a:
        out.append(x)
        a.sort()
    return out


print(sorted_inside())


def nested(n):
    a = list(range(n))
    t = 0
    for x in a:
        for y in a:
            if y > x:
                break
            t += y
    return t


print(nested(70))


def exceptions(n):
    a = [1, 0, 2, 0, 3] * n
    ok, bad = 0, 0
    for x in a:
        try:
            ok += 6 // x
        except ZeroDivisionError:
            bad += 1
    return ok, bad


print(exceptions(400))


def raising_out():
    try:
        for x in [1, 2, "three", 4]:
            x + 1
    except TypeError:
        return "TypeError at " + repr(x)


print(raising_out())


def gen(items):
    for x in items:
        yield x * 2


def suspended(n):
    items = list(range(n))
    g = gen(items)
    first = [next(g), next(g)]
    items.append(1000)
    rest = list(g)
    return first, len(rest), rest[-2:]


print(suspended(1500))


class MyList(list):
    def __iter__(self):
        return iter(["own", "iterator"])


def subclass():
    return [x for x in MyList([1, 2])], [x for x in list(MyList([1, 2]))]


print(subclass())


def others():
    out = []
    for t in ((1, 2), "ab", b"xy", {3: 0}, {4}, range(2), bytearray(b"z")):
        for x in t:
            out.append(x)
    return out


print(others())


def hot(n):
    a = [i * 3 for i in range(50)]
    t = 0
    for _ in range(n):
        for x in a:
            t += x
        for x in []:
            t -= 1000
    return t


print(hot(300))
