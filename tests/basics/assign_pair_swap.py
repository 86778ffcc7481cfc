# `a, b = x, y` and the three-name form: values are all evaluated first, left to
# right, then stored left to right (compiled without a tuple).
log = []


def v(x):
    log.append("v%s" % x)
    return x


class T:
    def __setattr__(self, k, val):
        log.append("set %s=%s" % (k, val))
        object.__setattr__(self, k, val)


class L:
    def __init__(self, items):
        self.items = items

    def __setitem__(self, i, val):
        log.append("item %s=%s" % (i, val))
        self.items[i] = val


a, b = 1, 2
a, b = b, a
print(a, b)
a, b, c = v(1), v(2), v(3)
print(a, b, c, log)
log.clear()
t = T()
lst = L([0, 0, 0])
t.x, lst[1], t.y = v("p"), v("q"), v("r")
print(log, t.x, t.y, lst.items)
[p, q] = 5, 6
(r, s), u = (7, 8), 9
print(p, q, r, s, u)
try:
    a, b = 1, 2, 3
except ValueError as e:
    print("ValueError", e)
x = [0, 1, 2]
i = 0
i, x[i] = 1, 5
print(i, x)
