# // and % of big ints whose quotient is short (the spigot shape: two numbers
# of nearly the same size), next to exact multiples and their neighbours,
# mixed signs and quotients of every size around the 2^60 boundary.

seed = 12345


def rnd(bits):
    global seed
    v = 0
    while bits > 0:
        seed = (seed * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        take = min(bits, 32)
        v = (v << take) | (seed >> (64 - take))
        bits -= take
    return v


acc = 0
for size in (65, 100, 130, 200, 640, 2000):
    for qbits in (0, 1, 2, 7, 30, 59, 60, 61, 62, 64, 100):
        for _ in range(3):
            y = rnd(size) | (1 << (size - 1))
            q = rnd(qbits) if qbits else 0
            for x in (q * y, q * y + 1, q * y - 1, q * y + y - 1, q * y + rnd(size) % y):
                if x <= 0:
                    continue
                d, m = x // y, x % y
                assert d * y + m == x and 0 <= m < y, (x, y)
                acc = (acc * 31 + d + m) % 1000000007
print(acc)

# Signs go through the general path: floor semantics throughout.
y = 3 ** 80
for x in (7 ** 50, -(7 ** 50), 5 ** 90, -(5 ** 90)):
    for yy in (y, -y):
        print(x // yy, x % yy, divmod(x, yy) == (x // yy, x % yy))

# The spigot itself (pi's first digits).
q, r, t, k, m, x = 1, 0, 1, 1, 3, 3
digits = []
while len(digits) < 60:
    if 4 * q + r - t < m * t:
        digits.append(m)
        q, r, m = 10 * q, 10 * (r - m * t), (10 * (3 * q + r)) // t - 10 * m
    else:
        q, r, t, k, m, x = q * k, (2 * q + r) * x, t * x, k + 1, (q * (7 * k + 2) + r * x) // (t * x), x + 2
print("".join(map(str, digits)))
big = 2 ** 300 + 12345
print(big // (2 ** 299), big % (2 ** 299), (big * 3) // big, (big * 3 - 1) // big)
