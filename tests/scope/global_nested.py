g = 0
def a():
    def b():
        global g
        g += 10
    b()
    return g
print(a(), g)
def c():
    g = "local"
    def d():
        return g
    return d()
print(c(), g)
