try:
    try:
        raise ValueError("first")
    except ValueError:
        raise KeyError("second")
except KeyError as e:
    print("outer got", repr(e))
def f():
    try:
        raise ValueError
    except ValueError:
        return undefined_in_handler
try:
    f()
except NameError:
    print("NameError from handler")
