def outer():
    x = 1
    def inner():
        nonlocal x
        x += 1
        return x
    inner()
    inner()
    return x
print(outer())
def counter():
    n = 0
    def step():
        nonlocal n
        n += 1
        return n
    return step
c = counter()
print(c(), c(), c())
