calls = [
    lambda: len(),
    lambda: len(1, 2),
    lambda: abs("x"),
    lambda: int(None),
    lambda: float([]),
    lambda: sum(1),
    lambda: sorted(1),
    lambda: list(5),
    lambda: dict(5),
    lambda: iter(5),
    lambda: chr("a"),
    lambda: "x".join([1]),
    lambda: [].append(),
    lambda: {}.get(),
    lambda: "abc".startswith(1),
    lambda: (1, 2).index(),
    lambda: isinstance(1, "int"),
    lambda: range("a"),
    lambda: range(1.5),
    lambda: divmod("a", 1),
]
for c in calls:
    try:
        c()
        print("no error")
    except TypeError:
        print("TypeError")
