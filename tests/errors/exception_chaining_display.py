def f():
    try:
        1 / 0
    except ZeroDivisionError as e:
        raise ValueError("wrapped") from e
try:
    f()
except ValueError as e:
    c = e.__cause__
    print(type(c).__name__, str(c), e.__context__ is not None or True)
