# Loops whose instructions the compiler tier hands to the runtime rather than
# to the interpreter: lookups of globals, names, attributes, methods and
# cells; subscripts; operators on anything but small ints and floats; truth
# of any object; tuples, lists, unpacking; iteration over every kind of
# iterable; calls of builtins (run by the runtime) and of Python functions
# (left to the interpreter and come back from); comprehensions.  Each case
# also raises from the runtime call inside a loop, where the handler must
# see the exception of the right instruction.

G = 10


def bump():
    global G
    G += 1
    return G


def globals_and_builtins(n):
    out = []
    for i in range(n):
        out.append(G + len(out) + abs(-i))
        if i == 2:
            bump()
    return out


print(globals_and_builtins(5))


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm1(self):
        return abs(self.x) + abs(self.y)

    @property
    def twice(self):
        return Point(self.x * 2, self.y * 2)


class Lazy:
    def __getattr__(self, name):
        if name == "boom":
            raise KeyError(name)
        return name * 2


def attributes(pts):
    total = 0
    lz = Lazy()
    for p in pts:
        p.x = p.x + 1
        total += p.norm1() + p.twice.y
        total += len(lz.ab)
    try:
        for p in pts:
            total += len(lz.boom)
    except KeyError as e:
        print("KeyError", e)
    try:
        for p in pts:
            total += p.z
    except AttributeError:
        print("AttributeError")
    return total


print(attributes([Point(i, -i) for i in range(6)]))


class Seq:
    def __getitem__(self, i):
        if i >= 3:
            raise IndexError(i)
        return i * 10

    def __setitem__(self, i, v):
        print("set", i, v)


def subscripts():
    d = {"a": 1, (1, 2): 2}
    s = "hello"
    lst = [1, 2, 3]
    acc = []
    for i in range(3):
        acc.append(d["a"] + d[(1, 2)] + lst[i] + lst[-1 - i])
        acc.append(s[i] + s[-1])
        lst[i] = lst[i] * 100
        d[i] = i
    Seq()[5] = "x"
    acc.append(lst)
    acc.append(sorted(d, key=str))
    for k in ("a", "zz"):
        try:
            acc.append(d[k])
        except KeyError as e:
            acc.append("missing " + str(e))
    total = 0
    try:
        for i in range(10):
            total += Seq()[i]
    except IndexError as e:
        acc.append(("stopped", e.args, total))
    try:
        for i in range(10):
            lst[i] = i
    except IndexError:
        acc.append(lst)
    return acc


print(subscripts())


class Weird:
    def __lt__(self, other):
        return [1]

    def __gt__(self, other):
        return []

    def __neg__(self):
        return "neg"

    def __bool__(self):
        raise ValueError("no truth")


def operators():
    out = []
    big = 2**62
    x = 1
    for i in range(70):
        x = x * 3 + i
    out.append(x)
    out.append([big + big, big * big, -big - big, (1 << 70) >> 60, 7**30 % 1000])
    f = 1.5
    for i in range(5):
        f = f * 1e100
    out.append(f)
    out.append([3 in [1, 2, 3], "b" in "abc", 4 not in {4}, None is None, x is not None])
    out.append(["ab" + "cd", "ab" * 3, [1] * 2, (1,) + (2,), "x" < "y", [1, 2] < [1, 3]])
    out.append([2**0.5, 10 / 4, 10 // 4, -7 // 2, -7 % 2, 7.5 // 2, 1 / 3 < 0.34])
    w = Weird()
    hits = 0
    for i in range(3):
        if w < i:
            hits += 1
        if w > i:
            hits += 100
    out.append(hits)
    out.append([-w, -x % 97, ~5, not 0, not [], not w if False else "skip"])
    for bad in ((1, "a"), ("a", 1), ([], 2.0)):
        try:
            out.append(bad[0] + bad[1])
        except TypeError:
            out.append("TypeError")
    for d in (0, 0.0):
        try:
            out.append(1 // d)
        except ZeroDivisionError:
            out.append("ZeroDivisionError")
    try:
        for i in range(3):
            if w:
                out.append("never")
    except ValueError as e:
        out.append(str(e))
    return out


for r in operators():
    print(r)


def and_or():
    out = []
    for v in (0, 1, "", "s", [], [0], None, 0.0, 2.5, (), Point(1, 2).x):
        out.append((v and "and") or "or")
        out.append(v or "fallback")
        out.append(v and v)
    return out


print(and_or())


def tuples_and_unpacking():
    out = []
    pairs = [(1, 2), [3, 4], "ab", range(2)]
    for a, b in pairs:
        out.append((b, a))
        t = a, b, a
        x, y, z = t
        out.append([x, y, z])
    for a, (b, c) in enumerate([(5, 6), (7, 8)]):
        out.append(a + b + c)
    for bad in ((1, 2, 3), 5, "abc"):
        try:
            a, b = bad
        except (ValueError, TypeError) as e:
            out.append(type(e).__name__)
    return out


print(tuples_and_unpacking())


def counter(n):
    for i in range(n):
        yield i * i


class Countdown:
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        if self.n == 0:
            raise StopIteration
        self.n -= 1
        return self.n


def broken(n):
    for i in range(n):
        yield i
    raise RuntimeError("broken at %d" % n)


def iteration():
    out = []
    for i in range(10, 0, -3):
        out.append(i)
    for i in range(0):
        out.append("never")
    for i in range(2**62 - 3, 2**62 - 1):
        out.append(i)
    for i in range(-(2**62) + 2, -(2**62) - 1, -1):
        out.append(i)
    for c in "héllo":
        out.append(c)
    for k in {"x": 1, "y": 2}:
        out.append(k)
    for v in counter(4):
        for w in counter(2):
            out.append(v + w)
    for v in Countdown(3):
        out.append(v)
    for v in iter([7, 8]):
        out.append(v)
    try:
        for v in broken(2):
            out.append(v)
    except RuntimeError as e:
        out.append(str(e))
    try:
        for v in 5:
            pass
    except TypeError:
        out.append("not iterable")
    return out


print(iteration())


def helper(a, b=2, *rest, **kw):
    return a + b + len(rest) + len(kw)


def calls():
    out = []
    s = 0
    for i in range(5):
        s += helper(i) + helper(i, 1) + helper(i, 1, 2, 3) + helper(i, k=1)
        s += max(i, 2) + min([i, 3]) + int("7") + Point(i, i).norm1()
        out.append(",".join([str(i), str(s)]))
    for arg in ("12", "x", None):
        try:
            out.append(int(arg))
        except (ValueError, TypeError) as e:
            out.append(type(e).__name__)
    m = [].append
    m(1)
    out.append(sorted([3, 1, 2], reverse=True))
    return out


print(calls())


def closures():
    total = 0
    fns = []
    for i in range(4):
        def f(k, i=i):
            nonlocal total
            total += k * i
            return total

        fns.append(f)
    for f in fns:
        f(10)

    def later():
        return late

    try:
        later()
    except NameError:
        print("NameError")
    late = 1
    print(later())
    return total


print(closures())


def comprehensions(n):
    sq = [i * i for i in range(n) if i % 2]
    d = {i: str(i) for i in range(n)}
    s = {i % 3 for i in range(n)}
    g = sum(i for i in range(n))
    nested = [[j for j in range(i)] for i in range(4)]
    return sq, d, sorted(s), g, nested


print(comprehensions(9))

# A module-level loop: names looked up and stored in the module's dict.
acc = []
for i in range(20):
    name = "v%d" % i
    acc.append(name)
    if i % 5 == 0:
        total = len(acc)
print(total, acc[-1], name)
