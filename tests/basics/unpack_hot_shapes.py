# Unpacking in hot loops (done inline by compiled code for lists and
# tuples of the right length): pairs, boxed tuples, lists, one item, eight
# and more, nested targets, the wrong lengths, other iterables, subclasses,
# and a sequence changed between unpackings.


class L(list):
    pass


class T(tuple):
    pass


def gen3():
    yield 7
    yield 8
    yield 9


def run():
    out = []
    rows = [(1, 2), [3, 4], (5, 6, 7)[:2], T((8, 9)), L([10, 11]), "ab", range(2), {12: 0, 13: 0}]
    for r in rows:
        a, b = r
        out.append((a, b))
    t = 0
    for i in range(300):
        a, b, c = (i, i + 1, i + 2)
        x, y, z = [c, b, a]
        (p, q), r = (x, y), z
        t += a * 3 + b * 2 + c - x + y * z + p - q + r
    out.append(t)
    for s in [(1,), [2]]:
        (only,) = s
        out.append(only)
    for s in [tuple(range(8)), list(range(8)), tuple(range(9)), list(range(9))]:
        if len(s) == 8:
            a, b, c, d, e, f, g, h = s
            out.append(a + b * c - d + e * f - g + h)
        else:
            a, b, c, d, e, f, g, h, k = s
            out.append(a + b * c - d + e * f - g + h * k)
    a, b, c = gen3()
    out.append((a, b, c))
    bad = [(1, 2, 3), [1], (), [], "abc", (1, 2, 3, 4)]
    for s in bad:
        try:
            a, b = s
        except ValueError as e:
            out.append("ValueError")
    try:
        a, b = 5
    except TypeError:
        out.append("TypeError")
    grow = [1, 2]
    for i in range(3):
        try:
            a, b = grow
            out.append(a + b)
        except ValueError:
            out.append("ValueError")
        grow.append(i)
    return out


for _ in range(3):
    print(run())
