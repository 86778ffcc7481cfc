# Native code reuses the words the instructions just before it wrote
# (stores, loads, constants) instead of loading them again: these patterns
# rewrite, rotate, duplicate and delete slots between such instructions, and
# mix in calls that may change what a slot holds.


def swaps(n):
    a, b, c = 1, 2, 3
    for i in range(n):
        a, b = b, a
        a, b, c = c, a, b
        x = y = a + i
        a = x + y
    return a, b, c


def chained(n):
    t = 0
    for i in range(n):
        if 0 <= i < 5 <= i + 5:
            t += 1
        if i == i == i:
            t += 2
    return t


def aug_items(n):
    xs = [0, 0, 0]
    d = {"k": 1}
    for i in range(n):
        xs[i % 3] += i
        d["k"] *= 2
        d["k"] -= 1
    return xs, d["k"]


def store_reload(n):
    s = 0
    for i in range(n):
        v = i * 3
        v = v + v
        w = v
        s = s + w - v + w
    return s


def through_calls(n):
    t = []
    for i in range(n):
        x = i
        x = len(t) + x
        t.append(x)
        x = x
    return t[-3:], x


def redefined(n):
    out = []
    for i in range(n):
        k = i
        del k
        try:
            k
        except NameError:
            k = -i
        out.append(k)
    return out[-3:]


def floats(n):
    x = 0.5
    for i in range(n):
        x = x * 0.5 + x
        y = x
        x = y - 0.25 * y
    return round(x, 6)


for k in range(3):
    print(swaps(10 + k), chained(10 + k), aug_items(10 + k))
    print(store_reload(10 + k), through_calls(10 + k), redefined(10 + k), floats(10 + k))
