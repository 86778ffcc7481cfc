for i, c in enumerate("abc"):
    print(i, c)
print(list(reversed("abc")), "".join(sorted("cba")), [c * 2 for c in "xy"])
it = iter("hi")
print(next(it), next(it), next(it, "end"))
