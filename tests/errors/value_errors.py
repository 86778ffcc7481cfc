calls = [
    lambda: int("12a"),
    lambda: float("x1"),
    lambda: [1].index(2),
    lambda: "abc".index("d"),
    lambda: range(0, 1, 0),
    lambda: chr(-5),
    lambda: "a".split(""),
    lambda: bytes([300]),
    lambda: int("5", 1),
    lambda: (1).to_bytes(-1, "big"),
    lambda: max([]),
    lambda: list(range(3)).remove(9),
    lambda: "%d %d" % (1,),
]
for c in calls:
    try:
        c()
        print("no error")
    except ValueError as e:
        print("ValueError")
    except TypeError:
        print("TypeError")
