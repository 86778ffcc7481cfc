# Chains of float operators in hot loops, where one operator's result goes
# straight into the next (compiled code then hands the double along with
# the word): results that are small ints, heap floats (too big or too
# small for the inline encoding), inf and nan, an int operand beside a
# float result, comparisons on results, and user types in the same places.


def chain(a, b, c):
    # Products into sums into a comparison, as mandelbrot's loop has them.
    p = a * a + b * b
    q = a * a - b * b + c
    r = 2.0 * a * b + c
    s = p / 3.0 - q * 0.5
    return p, q, r, s, p <= 4.0, q > r, s == s


def run(rows):
    out = []
    for a, b, c in rows:
        out.append(chain(a, b, c))
    return out


rows = []
for i in range(60):
    rows.append((i * 0.125, 1.5 - i * 0.0625, -0.5))
# Ints, where the same operators take the small-int path.
rows += [(1, 2, 3), (3, 4, -5), (0, 0, 0)]
# Heap floats: too big, too small, inf, nan, and an int too big for a word.
rows += [(1e200, 1e200, 1.0), (1e-200, 2.0, 0.0), (float("inf"), 1.0, 2.0)]
rows += [(float("nan"), 1.0, 0.5), (2**70, 0.5, 1), (1e154, 1e154, -1e308)]
# Floats and ints mixed in one call.
rows += [(0.5, 3, 1), (7, 0.25, 2.5), (-0.0, 0.0, -0.0)]
for r in run(rows):
    print(r)


class V:
    def __init__(self, v):
        self.v = v

    def __mul__(self, o):
        return V(self.v * (o.v if isinstance(o, V) else o))

    def __rmul__(self, o):
        return V(o * self.v)

    def __add__(self, o):
        return V(self.v + (o.v if isinstance(o, V) else o))

    def __sub__(self, o):
        return V(self.v - (o.v if isinstance(o, V) else o))

    def __truediv__(self, o):
        return V(self.v / o)

    def __le__(self, o):
        return self.v <= o

    def __gt__(self, o):
        return self.v > o.v

    def __eq__(self, o):
        return isinstance(o, V) and self.v == o.v

    def __repr__(self):
        return "V(%r)" % (self.v,)


print(run([(V(1.5), V(2), 0.5), (V(2), 1.0, 1.0)]))


def series(n):
    # A running product leaves the inline window and comes back.
    x = 1.0
    lo = 1.0
    t = 0
    for i in range(n):
        y = x * 1e30 * 1e30
        z = y * 1e-30 * 1e-30
        x = z * 1.5 - z * 0.5 + i * 0.0
        if y * 0.0 == 0.0:
            t += 1
        lo = lo * 0.1 * 0.1
    return x, t, lo


print(series(200))


def divisions(n):
    out = []
    for i in range(n):
        d = i * 1.0 - 5.0
        try:
            out.append(1.0 / d * 2.0 + d * d)
        except ZeroDivisionError:
            out.append("zero")
    return out


print(divisions(12))
