# Generators drained by builtins (sum, list, tuple, str.join, sorted, min,
# max, set) whose yields the native tier hands over without suspending:
# the values, the yield expression's value, values sum cannot add inline,
# more values than the consumer's first room, exceptions and finally
# blocks in the middle, nesting, and a generator partly consumed first.


def count(n):
    for i in range(n):
        yield i


def seen(n, log):
    for i in range(n):
        got = yield i
        log.append(got)


def mixed():
    yield 1
    yield 2.5
    yield 2**70
    yield -3


def strs(n):
    for i in range(n):
        yield str(i) * (i % 3)


def fails_at(n, k):
    for i in range(n):
        if i == k:
            raise ValueError("at %d" % i)
        yield i


def guarded(n, log):
    try:
        for i in range(n):
            yield i * 2
    finally:
        log.append("finally %d" % n)


def caught(n):
    for i in range(n):
        try:
            if i % 4 == 3:
                raise KeyError(i)
            yield i
        except KeyError as e:
            yield -e.args[0]


for rnd in range(30):
    assert sum(count(10)) == 45
    assert list(count(5)) == [0, 1, 2, 3, 4]
    assert tuple(count(3)) == (0, 1, 2)
    assert sum(count(1000)) == 499500
    assert len(list(count(1000))) == 1000
    assert sorted(count(6), reverse=True) == [5, 4, 3, 2, 1, 0]
    assert max(count(7)) == 6 and min(count(7)) == 0
    assert set(count(4)) == {0, 1, 2, 3}
    assert "-".join(strs(7)) == "-1-22--4-55-"
    assert sum(x * 0.5 for x in count(6)) == 7.5
    assert sum(mixed()) == 2**70 + 0.5 - 3
    log = []
    assert list(seen(4, log)) == [0, 1, 2, 3]
    assert log == [None, None, None, None]
    log = []
    assert sum(guarded(5, log)) == 20
    assert log == ["finally 5"]
    assert list(caught(8)) == [0, 1, 2, -3, 4, 5, 6, -7]
    assert sum(sum(count(k)) for k in range(10)) == 120
    assert list(list(count(k)) for k in range(3)) == [[], [0], [0, 1]]
    g = count(6)
    assert next(g) == 0 and next(g) == 1
    assert list(g) == [2, 3, 4, 5]
    assert list(g) == []
    try:
        sum(fails_at(10, 7))
    except ValueError as e:
        assert str(e) == "at 7"
    else:
        assert False
    try:
        list(fails_at(10, 3))
    except ValueError as e:
        assert str(e) == "at 3"
    else:
        assert False

print(sum(count(10)), list(count(5)), tuple(count(3)))
print(sum(mixed()), sum(x * 0.5 for x in count(6)))
print("-".join(strs(7)), sorted(count(6), reverse=True))
log = []
print(list(seen(4, log)), log)
log = []
print(sum(guarded(5, log)), log)
print(list(caught(8)))
print(sum(sum(count(k)) for k in range(10)))
try:
    list(fails_at(10, 3))
except ValueError as e:
    print("ValueError", e)
