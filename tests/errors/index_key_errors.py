for f in [lambda: [1][1], lambda: (1,)[-2], lambda: "a"[5], lambda: range(3)[3], lambda: b"x"[1], lambda: {1: 2}[2], lambda: {}[()], lambda: [][0]]:
    try:
        f()
    except (IndexError, KeyError) as e:
        print(type(e).__name__, e)
