l = [1, 2]
for f in [lambda: l[5], lambda: l.pop(7), lambda: [].pop(), lambda: l.index(9), lambda: l.remove(9)]:
    try:
        f()
    except (IndexError, ValueError) as e:
        print(type(e).__name__, e)
try:
    l["x"]
except TypeError as e:
    print("TypeError", e)
