# `is`, `is not`, `not` and `not in` inside hot loops: native code compares
# words for `is` and answers `not` itself for True, False, None and small
# ints; other objects' truth (__bool__, __len__, and their errors) comes
# from the runtime.


class Truthy:
    def __init__(self, b):
        self.b = b

    def __bool__(self):
        return self.b


class Sized:
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n


class BadBool:
    def __bool__(self):
        raise ValueError("no truth")


def identities(vals, n):
    same = differ = 0
    for i in range(n):
        for a in vals:
            for b in vals:
                if a is b:
                    same += 1
                if a is not b:
                    differ += 1
    return same, differ


def nots(vals, n):
    out = []
    for i in range(n):
        row = []
        for v in vals:
            row.append(not v)
            x = not v
            if not v:
                row.append("f")
            row.append(x is True)
        out.append(row)
    return out[0], len(out)


def is_values(vals):
    # The result of `is` as a value, not a branch.
    r = []
    for v in vals:
        r.append(v is None)
        r.append(v is not None)
        t = v is v
        r.append(t)
    return r


def not_in(n):
    t = 0
    seen = [3, 5, 7]
    for i in range(n):
        if i not in seen:
            t += 1
        t += (i not in (1, 2)) + (not i)
    return t


def bad(n):
    caught = 0
    for i in range(n):
        try:
            if not BadBool():
                caught += 100
        except ValueError as e:
            caught += 1
        try:
            x = not BadBool()
        except ValueError:
            caught += 10
    return caught


big = 1 << 70
vals = [None, True, False, 0, 1, -1, 2, big, -big, "", "s", [], [0], (), 0.0, 1.5,
        Truthy(True), Truthy(False), Sized(0), Sized(3)]
s, d = identities(vals, 3)
print(s, d)
print(nots(vals, 5))
print(is_values(vals))
print(not_in(50))
print(bad(20))
