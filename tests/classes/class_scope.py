x = "global"
class C:
    x = "class"
    y = x + "!"
    def m(self):
        return x
print(C.y, C().m())
def f():
    z = "enclosing"
    class D:
        w = z
        def get(self):
            return z
    return D
D = f()
print(D.w, D().get())
