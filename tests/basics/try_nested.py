def risky(n):
    if n == 1:
        raise ValueError("v")
    if n == 2:
        raise KeyError("k")
    return n
for n in range(4):
    try:
        try:
            print(risky(n))
        except ValueError as e:
            print("inner caught", e)
        finally:
            print("inner finally", n)
    except KeyError as e:
        print("outer caught", e)
