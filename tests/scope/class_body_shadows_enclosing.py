# A method's free name that the class body also assigns is the enclosing
# function's variable (CPython; MicroPython's compiler makes it a global).
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
