for f in [lambda: [] + (), lambda: {} + {}, lambda: "a" - "b", lambda: None + 1, lambda: 1 @ 2, lambda: ~1.5, lambda: -"x", lambda: [1] * 1.5, lambda: {1} + {2}]:
    try:
        f()
    except TypeError as e:
        print("TypeError", e)
