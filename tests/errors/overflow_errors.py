# `big` is a variable so that the overflow happens at run time: MicroPython's
# compiler folds `10**400 / 1` into inf.
big = 10**400
for f in [lambda: float(10**400), lambda: big / 1, lambda: int(float("inf")), lambda: (2**70).to_bytes(2, "big"), lambda: 1e308 * 10]:
    try:
        r = f()
        print("value", r)
    except OverflowError as e:
        print("OverflowError")
