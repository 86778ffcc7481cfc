print(True, False, int(True), bool(0), bool(""), bool([0]), bool(None), bool(0.0), bool(1j))
print(True + 1, True & False, True | False, True ^ True, ~True)
print(isinstance(True, int), type(True).__name__, str(True), repr(False))
print(bool(), bool("x"), bool({}), bool(range(0)))
