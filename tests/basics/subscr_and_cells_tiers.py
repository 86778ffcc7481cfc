# List subscripts by small ints and closure cells, in loops long enough for
# the native tier's inline paths, with every case those paths hand back to
# the runtime: other sequences and mappings, indexes out of range or not
# ints, deletions, subclasses, unbound cells.


def lists(n):
    a = [10, 20, 30, 40]
    t = 0
    for i in range(n):
        t += a[i % 4] + a[-1 - i % 4]
        a[i % 4] = a[i % 4] + 1
        a[-1] = a[-1] - 1
    return t, a


print(lists(3000))


def bounds(n):
    a = [1, 2, 3]
    caught = 0
    for i in range(n):
        for k in (3, -4, 100, -100):
            try:
                a[k]
            except IndexError:
                caught += 1
            try:
                a[k] = 0
            except IndexError:
                caught += 1
    return caught, a


print(bounds(600))


def other_objects(n):
    t = (5, 6, 7)
    d = {0: "a", 1: "b", -1: "c"}
    s = "xyz"
    b = bytearray(b"\x01\x02\x03")
    r = range(10, 20)
    out = []
    for i in range(n):
        k = i % 3
        out.append((t[k], t[-1 - k], d[k - 1], s[k], b[k], r[k]))
        d[k] = i
        b[k] = i & 0xFF
    return out[-3:], d, b


print(other_objects(1500))


def index_kinds(n):
    a = [1, 2, 3]
    out = []
    for i in range(n):
        out.append(a[True] + a[False])
        a[True] = i
        try:
            a[1.0]
        except TypeError:
            out.append("TypeError")
        try:
            a["1"]
        except TypeError:
            out.append("TypeError")
        out.append(a[1:])
    return out[-8:]


print(index_kinds(1200))


def deletions(n):
    a = list(range(n * 3))
    for i in range(n):
        del a[i % 7]
        del a[-1]
    return len(a), a[:5]


print(deletions(1000))


class Counting(list):
    pass


class Doubling:
    def __init__(self, items):
        self.items = items

    def __getitem__(self, i):
        return ("got", self.items[i])

    def __setitem__(self, i, v):
        self.items[i] = v * 2


def user_types(n):
    c = Counting([0, 1, 2])
    d = Doubling([0, 1, 2])
    last = None
    for i in range(n):
        c[i % 3] = i
        d[i % 3] = c[-1 - i % 3]
        last = d[i % 3]
    return last, c, d.items


print(user_types(1500))


def growing(n):
    a = []
    t = 0
    for i in range(n):
        a.append(i)
        t += a[i] + a[-1] + a[i // 2]
    return t


print(growing(3000))


def counter():
    count = 0

    def bump(k):
        nonlocal count
        count += k
        return count

    return bump


bump = counter()
for i in range(2500):
    bump(i)
print(bump(0))


def closures(n):
    total = 0
    scale = 3
    fs = []
    for i in range(n):
        total += sum(scale * k for k in range(4))
        scale = i % 5
        fs.append(lambda: scale + total)
    return total, fs[0](), fs[-1]()


print(closures(1500))


def unbound(n):
    caught = []

    def read():
        return late

    for i in range(n):
        try:
            read()
        except NameError:
            caught.append(i)
    late = "bound"
    return len(caught), read()


print(unbound(1200))


def deleted_cell(n):
    x = 0

    def get():
        return x

    out = []
    for i in range(n):
        x = i
        out.append(get())
    del x
    try:
        get()
    except NameError:
        out.append("NameError")
    return out[-2:]


print(deleted_cell(1500))


def unpacking(n):
    pairs = [(1, 2), [3, 4], "ab", range(5, 7), {8: 0, 9: 0}]
    out = []
    for i in range(n):
        a, b = pairs[i % 5]
        (c, d), e = [pairs[(i + 1) % 5], i]
        out.append((a, b, c, d, e))
        for bad in ((1, 2, 3), [1], 5, None):
            try:
                x, y = bad
            except (ValueError, TypeError) as err:
                out.append(type(err).__name__)
        first, *rest = pairs[i % 2]
        out.append((first, rest))
    return out[-14:]


print(unpacking(1500))
