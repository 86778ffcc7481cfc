def f(x):
    try:
        r = 10 / x
    except ZeroDivisionError:
        print("div zero")
        return None
    else:
        print("else", r)
        return r
    finally:
        print("finally")
print(f(2), f(0))
