def g():
    try:
        raise ValueError("inner")
    except ValueError:
        print("handling")
        raise
try:
    g()
except ValueError as e:
    print("reraised", e)
try:
    try:
        1 / 0
    except ZeroDivisionError as e:
        raise e
except ZeroDivisionError:
    print("raise e works")
