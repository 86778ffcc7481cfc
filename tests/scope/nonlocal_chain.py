def f():
    x = 0
    def g():
        def h():
            nonlocal x
            x += 1
        h()
        h()
        return x
    return g()
print(f())
def counter():
    count = 0
    def inc(by=1):
        nonlocal count
        count += by
        return count
    def get():
        return count
    return inc, get
inc, get = counter()
inc(); inc(5)
print(get())
