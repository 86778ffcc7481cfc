# List comprehensions' appends (the native tier's inline STORE_COMP when
# the list has room, the runtime's when it must grow): lengths across the
# growth steps, nesting, filters, objects kept alive by the list alone,
# and an exception part way through.


def squares(n):
    return [i * i for i in range(n)]


def nested(n):
    return [[j for j in range(i)] for i in range(n)]


def fresh(n):
    # Each item is a new object only the list holds.
    return [[i] * 2 for i in range(n)]


def fails(n, k):
    return [10 // (i - k) for i in range(n)]


for rnd in range(30):
    for n in (0, 1, 4, 5, 8, 9, 17, 100, 1000):
        r = squares(n)
        assert len(r) == n and (n == 0 or r[-1] == (n - 1) ** 2)
    assert nested(4) == [[], [0], [0, 1], [0, 1, 2]]
    f = fresh(300)
    assert f[299] == [299, 299] and sum(x[0] for x in f) == 44850
    assert [c for c in "abc" if c != "b"] == ["a", "c"]
    try:
        fails(10, 6)
    except ZeroDivisionError:
        pass
    else:
        assert False

print(squares(10), nested(4))
print(len(squares(1000)), sum(squares(1000)), fresh(3))
try:
    fails(10, 6)
except ZeroDivisionError as e:
    print("ZeroDivisionError")
