# Float + - * and ordering between floats of ordinary magnitude (held in the
# object word on 64-bit builds), including results that leave that range:
# overflow to inf, underflow to tiny and subnormal values, signed zeros.

vals = [0.0, -0.0, 1.5, -2.25, 1e-30, 3e30, 0.1, 7.0, 2.0 ** -126, 2.0 ** 127]
for x in vals:
    row = []
    for y in vals:
        row.append((x + y, x - y, x * y, x < y, x > y, x <= y, x >= y))
    print(repr(x), row)

a = 1e200
b = a * a  # inf
print(b, -a * a, b - b)
t = 1e-200
print(t * t, repr(-t * t))  # 0.0 and -0.0
s = 2.0 ** -1000
print(s * 0.5, s * s, s - s)
z = 0.0
print(repr(z * -1.0), repr(-0.0 + 0.0), repr(-0.0 - 0.0), repr(0.0 * -5.5))
print(1.0 + 2.0 ** -52, 1.0 - 2.0 ** -53)

acc = 0.0
x = 1.0
for i in range(60):
    x *= 0.37
    acc += x
    acc -= x * 0.5
    if acc > 0.5 and x < 1e-10:
        break
print(i, acc, x, acc >= x, acc <= x)

# In-place forms on floats bound to names, and chained comparisons.
p = 3.5
p += 0.25
p -= 1.0
p *= 4.0
print(p, 0.5 < p < 20.0, p >= 11.0 >= 10.5)
