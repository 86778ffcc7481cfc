def f(**kw):
    return sorted(kw.items())
print(f(), f(a=1, b=2))
def g(a, b, **kw):
    return a, b, sorted(kw)
print(g(1, b=2, c=3, d=4))
print(f(**{"x": 1}, y=2))
d = {"a": 1, "b": 2}
print(g(**d))
