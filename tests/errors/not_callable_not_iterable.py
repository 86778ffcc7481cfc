for f in [lambda: 5(), lambda: "s"(), lambda: None(), lambda: [1]()]:
    try:
        f()
    except TypeError as e:
        print("TypeError", e)
for v in [5, None, 1.5]:
    try:
        for x in v:
            pass
    except TypeError as e:
        print("TypeError", e)
try:
    a, b = None
except TypeError as e:
    print("TypeError", e)
