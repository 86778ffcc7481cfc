def inner():
    yield 1
    yield 2
    return "inner-done"
def outer():
    r = yield from inner()
    print("inner returned", r)
    yield from [10, 20]
    yield from range(2)
print(list(outer()))
def deleg():
    x = yield from echo()
    yield x
def echo():
    v = yield "ready"
    while v != "end":
        v = yield v * 2
    return "echo-end"
d = deleg()
print(next(d), d.send(3), d.send(5), d.send("end"))
