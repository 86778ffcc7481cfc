x = 1
class A:
    x = 2
    y = [x for _ in range(2)]
    def f(self):
        return x
print(A.x, A.y, A().f())
def outer():
    v = "func"
    class B:
        v = "class"
        w = v
        def get(self):
            return v
    return B
B = outer()
print(B.w, B().get())
