# Big integers: digits of pi by the unbounded spigot algorithm.
import sys


def pi_digits(n):
    digits = []
    q, r, t, k, m, x = 1, 0, 1, 1, 3, 3
    while len(digits) < n:
        if 4 * q + r - t < m * t:
            digits.append(m)
            q, r, m = 10 * q, 10 * (r - m * t), (10 * (3 * q + r)) // t - 10 * m
        else:
            q, r, t, k, m, x = q * k, (2 * q + r) * x, t * x, k + 1, (q * (7 * k + 2) + r * x) // (t * x), x + 2
    return digits


n = int(sys.argv[1]) if len(sys.argv) > 1 else 2300
d = pi_digits(n)
print("".join(str(c) for c in d[:20]), sum(d))
