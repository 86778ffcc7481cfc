# FOR_ITER over iterator objects (what comprehensions and generator
# expressions are given, and `for x in it` of an explicit iterator): range
# and list iterators the native tier steps inline, and every other kind,
# with shared iterators, growth during the loop, and positions at the
# edges of the small ints.


def squares(it):
    return [x * x for x in it]


def drain(it):
    out = []
    for x in it:
        out.append(x)
    return out


def pairs(it):
    # The body takes a value from the same iterator.
    out = []
    for x in it:
        out.append((x, next(it, None)))
    return out


def grow(lst):
    out = []
    it = iter(lst)
    for x in it:
        if x < 5:
            lst.append(x + 10)
        out.append(x)
    return out


import sys

# Positions at the edges of a 64-bit host's small ints (31-bit hosts'
# ranges stop at their machine word: checked only where these fit).
wide = sys.maxsize > 2**32
big = 2**62
for rnd in range(40):
    assert squares(range(5)) == [0, 1, 4, 9, 16]
    assert squares([3, 4]) == [9, 16]
    assert squares((5, 6)) == [25, 36]
    assert drain(iter(range(10, 0, -3))) == [10, 7, 4, 1]
    assert drain(iter(range(0, 10, 4))) == [0, 4, 8]
    if wide:
        assert drain(iter(range(big - 2, big + 2))) == [big - 2, big - 1, big, big + 1]
        assert drain(iter(range(-big - 2, -big + 1))) == [-big - 2, -big - 1, -big]
        assert drain(iter(range(2**63 - 5, 2**63 - 1, 3))) == [2**63 - 5, 2**63 - 2]
    assert drain(iter(range(5, 5))) == []
    assert pairs(iter(range(5))) == [(0, 1), (2, 3), (4, None)]
    assert pairs(iter([1, 2, 3, 4])) == [(1, 2), (3, 4)]
    assert grow([1, 7, 3]) == [1, 7, 3, 11, 13]
    assert drain(iter("ab")) == ["a", "b"]
    assert drain(enumerate([5, 6])) == [(0, 5), (1, 6)]
    assert drain(iter({1: 2})) == [1]
    assert drain(zip([1, 2], "xy")) == [(1, "x"), (2, "y")]
    assert drain(reversed([1, 2, 3])) == [3, 2, 1]
    it = iter(range(4))
    next(it)
    assert drain(it) == [1, 2, 3] and drain(it) == []
    it = iter([1, 2, 3])
    assert drain(it) == [1, 2, 3]
    assert drain(it) == []
    assert sum(x for x in range(100)) == 4950
    assert sum(x for x in [1.5, 2.5]) == 4.0

print(squares(range(5)), squares([3, 4]), squares((5, 6)))
print(drain(iter(range(10, 0, -3))), drain(iter(range(0, 10, 4))))
print(pairs(iter(range(5))), pairs(iter([1, 2, 3, 4])), grow([1, 7, 3]))
print(drain(enumerate([5, 6])), drain(zip([1, 2], "xy")), drain(reversed([1, 2, 3])))
