print(None, type(None).__name__, None == None, None is None, bool(None), str(None), repr(None))
def f():
    pass
print(f() is None)
d = {None: 1}
print(d[None])
