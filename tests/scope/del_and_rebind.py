x = 1
def f():
    global x
    del x
f()
print("x" in globals())
x = 5
print(x)
def g():
    a = 1
    del a
    a = 2
    return a
print(g())
