# Ranges at the ends of 64 bits: items, membership, index and count, slices
# and iteration whose arithmetic passes 64 bits on the way (computed wider).
M = 2**63
cases = [
    lambda: range(0, M - 1, 2**62)[::-1],
    lambda: range(0, 10)[::-2**30],
    lambda: len(range(-2**62, 2**62)),
    lambda: 2**62 in range(-M, M - 1, 3),
    lambda: 2**62 + 1 in range(-M, M - 1, 3),
    lambda: range(-M, M - 1, 3).count(2**62 + 1),
    lambda: range(-M, M - 1, 3).index(-M + 3 * 10**18),
    lambda: next(reversed(range(M - 1, -M, -2**40))),
    lambda: range(-M, M - 1, 2**62)[3],
    lambda: range(-M, M - 1, 2**62)[-1],
    lambda: range(-M, M - 1, 2**62)[1:3],
    lambda: list(range(M - 5, M - 1, 3)),
    lambda: list(range(-M + 5, -M, -3)),
    lambda: [x for x in range(M - 5, M - 1, 3)],
    lambda: sum(1 for _ in range(-M + 5, -M, -3)),
    lambda: list(reversed(range(-M + 5, -M, -3))),
    lambda: range(M - 2, M - 1) == range(M - 2, M - 1, 5),
    lambda: hash(range(M - 2, M - 1)) == hash(range(M - 2, M - 1, 5)),
]
for c in cases:
    try:
        print(c())
    except Exception as e:
        print(type(e).__name__)
# Slices whose bounds pass 64 bits: CPython makes them; Pyrite's bounds are
# 64-bit, so OverflowError (never a crash).  Either way the same line.
for r, s in ((range(0, M - 1, 2**62), slice(None)), (range(-M, M - 1), slice(None, None, 2))):
    try:
        print(r[s] == range(r.start, r.stop, r.step)[s])
    except OverflowError:
        print(True)
