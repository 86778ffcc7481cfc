# Closures called by native code itself (the call stub's closure version):
# cells put before the arguments, several cells and arguments, cells that
# change between calls, closures and plain functions at one call site,
# recursion through a closure, exceptions from inside one,
# wrong argument counts, closures as methods and attributes.
import sys


def make_counter():
    total = 0

    def add(x):
        nonlocal total
        total += x
        return total

    return add


def make_mixer(a, b, c):
    def mix(x, y, z, w):
        return ((a * x + b * y) * c + z) - w

    return mix


def plain(x, y, z, w):
    return x + y + z + w


acc = make_counter()
mix = make_mixer(2, 3, 5)
for i in range(200):
    last = acc(i)
print("acc", last, acc(0))
t = 0
for i in range(200):
    t += mix(i, i + 1, i + 2, 7)
print("mix", t)

# One site, closures and plain functions in turn.
fs = [mix, plain, make_mixer(1, 1, 1), plain]
t = 0
for i in range(400):
    t += fs[i % 4](i, 2, 3, 4)
print("mixed site", t)


# Recursion through a closure: deep, then past the recursion limit.
def make_walker(step):
    def walk(n):
        if n <= 0:
            return 0
        return walk(n - step) + 1

    return walk


walk = make_walker(1)
print("walk", walk(300))
try:
    walk(100000)
except RuntimeError as e:
    print("deep", type(e).__name__)
print("walk again", walk(100))


# A closure that raises, caught by the caller and in the closure.
def make_divider(d):
    def div(x):
        return x // d

    def safe(x):
        try:
            return x // d
        except ZeroDivisionError:
            return -1

    return div, safe


div, safe = make_divider(0)
caught = 0
for i in range(100):
    try:
        div(i)
    except ZeroDivisionError:
        caught += 1
print("caught", caught, sum(safe(i) for i in range(10)))

# Wrong argument counts at a hot site.
for i in range(60):
    try:
        acc() if i % 2 else acc(1, 2)
    except TypeError:
        pass
print("typeerrors done", acc(0))


# Closures as attributes and from a module-level dict.
class Holder:
    pass


h = Holder()
h.f = make_counter()
d = {"m": make_mixer(1, 2, 3)}
t = 0
for i in range(100):
    t += h.f(1) + d["m"](i, 1, 1, 1)
print("attrs", t)


# Cells replaced between calls (the closure sees the new values).
def make_pair():
    state = [0]
    k = 1

    def get(x):
        return state[0] + k * x

    def bump():
        nonlocal k
        k += 1

    return get, bump


get, bump = make_pair()
t = 0
for i in range(100):
    t += get(i)
    if i % 10 == 0:
        bump()
print("cells", t)
