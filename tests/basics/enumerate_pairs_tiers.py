# `for k, x in enumerate(...)`: the count and item without their tuple
# (the interpreter's fused path, and the native tier's), over lists, tuples,
# ranges and iterators, with starts, growth during the loop, a shared
# enumerate, exhaustion, and iterables the fused path leaves to the general
# one (generators, strings, dicts, counts past the small ints).
import sys


def pairs(it):
    out = []
    for k, x in enumerate(it):
        out.append((k, x))
    return out


def started(it, n):
    return [(k, x) for k, x in enumerate(it, n)]


def grow(lst):
    out = []
    for k, x in enumerate(lst):
        if k < 3:
            lst.append(x * 10)
        out.append((k, x))
    return out


def shared(e):
    out = []
    for k, x in e:
        out.append((k, x, next(e, None)))
    return out


def gen(n):
    for i in range(n):
        yield i * i


def odd_items(lst):
    return {k: v for k, v in enumerate(lst) if v % 3}


wide = sys.maxsize > 2**32
for rnd in range(40):
    assert pairs([5, 6]) == [(0, 5), (1, 6)]
    assert pairs((7,)) == [(0, 7)]
    assert pairs(range(2, 8, 3)) == [(0, 2), (1, 5)]
    assert pairs(iter([1, 2])) == [(0, 1), (1, 2)]
    assert pairs([]) == []
    assert pairs(gen(3)) == [(0, 0), (1, 1), (2, 4)]
    assert pairs("hi") == [(0, "h"), (1, "i")]
    assert pairs({"a": 1}) == [(0, "a")]
    assert started([1, 2], 10) == [(10, 1), (11, 2)]
    assert started([1, 2], -1) == [(-1, 1), (0, 2)]
    if wide:
        big = 2**62
        assert started([1, 2, 3], big - 2) == [(big - 2, 1), (big - 1, 2), (big, 3)]
    assert started([1], 2**70) == [(2**70, 1)]
    assert grow([1, 2]) == [(0, 1), (1, 2), (2, 10), (3, 20), (4, 100)]
    assert shared(enumerate([1, 2, 3, 4, 5])) == [(0, 1, (1, 2)), (2, 3, (3, 4)), (4, 5, None)]
    assert odd_items([3, 4, 5, 6, 7]) == {1: 4, 2: 5, 4: 7}
    e = enumerate([8, 9])
    assert pairs(e) == [(0, (0, 8)), (1, (1, 9))]
    assert pairs(e) == []
    try:
        for k, x, y in enumerate([(1, 2)]):
            pass
    except ValueError:
        pass
    else:
        assert False

print(pairs([5, 6]), pairs(range(2, 8, 3)), pairs(gen(3)), pairs("hi"))
print(started([1, 2], 10), started([1], 2**70), grow([1, 2]))
print(shared(enumerate([1, 2, 3, 4, 5])), odd_items([3, 4, 5, 6, 7]))
