# Float arithmetic and comparisons in loops hot enough to be compiled (the corpus
# also runs with -X jit=always): inline floats, a small int with a float, results
# that need a heap float (overflow to inf, tiny values, -0.0), division by zero, NaN.
def f(n):
    x = 0.5
    s = 0.0
    t = 0
    for i in range(n):
        x = x * 1.0000001 + 0.25 - i * 0.5
        y = x / 3.0
        if y > 1e10 or x != x:
            t += 1
        s = s + y - 2 * x
        if x < 0.0:
            x = -x
    return s, t, x

print(f(1000))
a = 1e300
print(a * 1e10, 2.0 ** -140 * 1.0, 1.0 / 3, 0.0 * -1.0, -0.0 + 0.0)
for v in [0.0, -0.0, 1.5, 1e-300, 2.0 ** -127, float('nan'), float('inf')]:
    print(v * 1.0, v + 0.0, v - 1.0, v < 1.0, v == v, v != v, v >= 0.0, 3 * v)
try:
    print(1.0 / 0.0)
except ZeroDivisionError as e:
    print('zde', e)
try:
    print(1 / 0)
except ZeroDivisionError as e:
    print('zde', e)
print(7 / 2, 2 ** 60 / 3, 5.0 / 2)


def grow(n):
    # Leaves the inline-float window after two steps, then reaches inf.
    v = 1.0
    out = []
    for i in range(n):
        v = v * 1e20
        out.append(v)
    return out[-3:]


def mixed(n):
    acc = 0.0
    for k in range(n):
        acc = acc + k * 0.5 - 2**70 * 1.5 / 2**70 + (k < 2.5) + (k == 3.0)
    return acc


print(grow(20), mixed(10))
