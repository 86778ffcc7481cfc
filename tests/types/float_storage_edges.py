# Floats across every magnitude and the special values: Pyrite keeps common
# magnitudes in the object word and boxes the rest, which must not show.
import math

edges = [
    0.0, -0.0, 1.0, -1.0, 0.5, 0.1, 2.0 ** -126, 2.0 ** -127, 2.0 ** -128,
    -(2.0 ** -127), 2.0 ** 128, 2.0 ** 129, 2.0 ** 130, -(2.0 ** 129),
    1e-300, -1e-300, 1e300, 5e-324, 1.7976931348623157e308,
    float("inf"), float("-inf"), 3.0e38, 1.2e-38,
]
for x in edges:
    y = x * 1.0
    print(repr(x), x == y, hash(x) == hash(y), x + 0.0 == x, bool(x), type(x).__name__)

# Results that cross into and out of the inline range.
v = 1.0
for i in range(140):
    v = v * 0.5
print(v, v * 2.0 ** 140)
v = 1.0
for i in range(140):
    v = v * 2.0
print(v, v / 2.0 ** 140)

# Zero and negative zero stay distinct where Python can tell them apart.
z, nz = 0.0, -0.0
print(z == nz, math.copysign(1.0, z), math.copysign(1.0, nz), repr(0.0 * -1.0))
print(hash(z), hash(nz), hash(0.0) == hash(0))
print(1.0 - 1.0, repr(-(1.0 - 1.0)), abs(-0.0))

# NaN: not equal to itself; as a key it is found only by identity.
n = float("nan")
print(n == n, n != n, math.isnan(n * 2.0))
d = {n: 1, 1.0: "one", 0.0: "zero", 2.0 ** -127: "tiny"}
print(d[1], d[True], d[0], d[False], d[2.0 ** -127], len(d))
print(sorted([3.5, -0.0, 2.0 ** -127, 1e300, -1e-300, 0.0, 2.0 ** 129]))

# Floats in containers, as attributes, through the GC.
class P:
    def __init__(self, x):
        self.x = x

ps = [P(i * 0.25) for i in range(1000)]
junk = [[j * 1e-200 for j in range(50)] for _ in range(200)]
print(sum(p.x for p in ps), sum(sum(row) for row in junk) > 0)
print(str(2.0 ** -127 * 2.0 ** 127), int(2.0 ** 100), round(2.0 ** -127, 40))
print(max(2.0 ** 129, 2.0 ** 128), min(-0.0, 0.0), 2.0 ** 129 > 2 ** 128)

# Mixed int/float arithmetic and exact comparison past 2**53.
big = 2 ** 53 + 1
print(big == 2.0 ** 53, big > 2.0 ** 53, 2.0 ** 53 < big, float(big) == 2.0 ** 53)
print(3 * 0.5, 0.5 * 3, 7 / 2.0, 1 - 0.25, 2 ** 62 + 0.5, (2 ** 62) * 1.0 == 2 ** 62)
x = 1.5
x += 2
x *= 3
x -= 0.5
x /= 4
print(x, 1.0 == True, 0.0 == False, 1.0 < True)
try:
    1.0 / 0
except ZeroDivisionError as e:
    print("ZeroDivisionError", e)
