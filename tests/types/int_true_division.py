# True division of ints: machine-word fast path (exact operands up to 2^53),
# the general path beyond, signed zeros, ZeroDivisionError.
vals = [0, 1, -1, 7, -7, 3, 10, 2**53, -(2**53), 2**53 + 1, 2**60, -(2**61), 123456789, 10**15]
for a in vals:
    print([a / b if b else None for b in vals])
try:
    1 / 0
except ZeroDivisionError as e:
    print(e)
x = 5; x /= 2; print(x, 1 / 3, -1 / 3, 2 / 4, 10**15 / 7, 7 / 10**15, 1e300 * 10 / 3)
