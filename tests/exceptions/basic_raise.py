try:
    raise ValueError("bad value")
except ValueError as e:
    print("caught", e, e.args, type(e).__name__)
try:
    raise TypeError
except TypeError as e:
    print("class raise", repr(e), e.args)
try:
    raise KeyError("key")
except LookupError as e:
    print("base class catch", repr(e))
