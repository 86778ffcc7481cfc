# Python functions called by builtins and operators (sort keys, map, dunder
# methods): with the compiler tier these run their native code directly,
# and must keep the caller's temporary objects alive and raise as usual.


def key(v):
    return (v % 10, -v)


data = [(i * 7919) % 1009 for i in range(3000)]
data.sort(key=key)
print(data[:5], data[-5:])
print(sorted(data, key=lambda v: str(v))[:5])
print(min(data, key=key), max(data, key=key))
print(list(map(lambda v: [v, v + 1], data[:4])))


class V:
    def __init__(self, x):
        self.x = x

    def __add__(self, o):
        return V(self.x + o.x)

    def __lt__(self, o):
        return self.x < o.x

    def __repr__(self):
        return "V(%d)" % self.x


vs = [V(x) for x in data[:200]]
t = V(0)
for v in vs:
    t = t + v
print(t, sorted(vs)[:3])


def leaves(v):
    # try/except and a generator: its native code hands the frame to the
    # interpreter part way.
    try:
        s = sum(k for k in range(v % 3))
    except ValueError:
        s = -1
    return s * 1000 + v


print(sorted(data[:50], key=leaves)[:6])


def bad(v):
    if v > 1000:
        raise ValueError("too big: %d" % v)
    return v


for attempt in range(3):
    try:
        sorted(data, key=bad)
    except ValueError as e:
        print("caught", e)
print(sorted(data[:20], key=bad)[:3])


# Module functions and static methods called as methods (CALL_METHOD with no
# self): builtins, Python functions, and ones that raise.
import math


class K:
    @staticmethod
    def twice(v):
        return 2 * v

    @staticmethod
    def fails(v):
        raise KeyError(v)


def module_calls(n):
    acc = 0.0
    for i in range(n):
        acc += math.sqrt(i) + K.twice(i) + math.floor(i / 3)
        try:
            K.fails(i)
        except KeyError as e:
            acc += e.args[0]
    return acc


print(module_calls(300))


def deep(k):
    # Deeper than native code nests calls: the interpreter takes them over.
    if k == 0:
        return 0
    return K.twice(1) + math.floor(0.5) + deep(k - 1)


print(deep(150))
