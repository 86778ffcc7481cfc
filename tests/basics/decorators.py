def deco(f):
    def wrap(*a):
        return "<" + str(f(*a)) + ">"
    return wrap
@deco
def hello(x):
    return x * 2
print(hello(21))
def times(n):
    def d(f):
        def w():
            return [f() for _ in range(n)]
        return w
    return d
@times(3)
def one():
    return 1
print(one())
@deco
@deco
def two():
    return 2
print(two())
