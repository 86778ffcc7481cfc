# Every arithmetic and comparison operator over a matrix of floats (both storage
# forms: in-word and boxed magnitudes, zeros, infinities) and ints (small, at
# 2**53, big), with the exception or the result's repr and type.  Powers are
# shown to 12 digits: libm's pow may differ from the C library's in the last.
vals = [
    0.0, -0.0, 1.0, -1.5, 0.1, 1e-300, 1e300, 2.0 ** -127, 2.0 ** 129,
    float("inf"), float("-inf"), 3, -7, 2 ** 53 + 1, 2 ** 70, True, 5e-324,
]
ops = [
    ("+", lambda a, b: a + b), ("-", lambda a, b: a - b), ("*", lambda a, b: a * b),
    ("/", lambda a, b: a / b), ("//", lambda a, b: a // b), ("%", lambda a, b: a % b),
    ("**", lambda a, b: a ** b), ("<", lambda a, b: a < b), ("<=", lambda a, b: a <= b),
    ("==", lambda a, b: a == b), ("!=", lambda a, b: a != b),
]
for a in vals:
    for b in vals:
        row = []
        for name, f in ops:
            if name == "**" and isinstance(a, int) and isinstance(b, int) and abs(b) > 64:
                continue
            try:
                r = f(a, b)
                if name == "**" and isinstance(r, float):
                    row.append("%.12g" % r)
                else:
                    row.append(repr(r) if not isinstance(r, int) or abs(r) < 10 ** 30 else "big")
            except Exception as e:
                row.append(type(e).__name__)
        print(repr(a), repr(b), " ".join(row))
