# A variable, so that mpy-cross cannot fold `2 ** 10000 * 1.0` into inf.
big = 2 ** 10000
tests = [
    lambda: 1 / 0,
    lambda: [][1],
    lambda: {}["k"],
    lambda: None.x,
    lambda: int("x"),
    lambda: 1 + "a",
    lambda: undefined_var,
    lambda: [].pop(),
    lambda: "a" * "b",
    lambda: len(5),
    lambda: (1).foo(),
    lambda: big * 1.0,
]
for t in tests:
    try:
        t()
    except Exception as e:
        print(type(e).__name__, e)
