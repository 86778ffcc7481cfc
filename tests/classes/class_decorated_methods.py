def trace(f):
    def w(*a, **k):
        print("call", f.__name__)
        return f(*a, **k)
    return w
class C:
    @trace
    def m(self, x):
        return x + 1
print(C().m(1))
