try:
    try:
        {}["x"]
    except KeyError as e:
        raise ValueError("converted") from e
except ValueError as e:
    print(e, type(e.__cause__).__name__, repr(e.__cause__))
try:
    raise RuntimeError("no cause") from None
except RuntimeError as e:
    print(e, e.__cause__)
