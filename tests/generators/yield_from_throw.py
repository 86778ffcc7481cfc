def inner():
    try:
        yield "a"
        yield "b"
    except KeyError:
        yield "inner handled"
def outer():
    yield from inner()
    yield "outer continues"
g = outer()
print(next(g), g.throw(KeyError()), next(g))
