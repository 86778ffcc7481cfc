# Method calls on instances: a method found on the class unless the instance's
# own dict has the name, however the key got there (attribute, setattr, a
# runtime-built str through __dict__), and after it is deleted again.
class C:
    def m(self):
        return "method"


def call(o):
    return o.m()


c = C()
print(call(c))
c.m = lambda: "attribute"
print(call(c))
del c.m
print(call(c))
setattr(c, "".join(["m"]), lambda: "setattr")
print(call(c))
del c.m
c.__dict__["".join(["m"])] = lambda: "dict key built at run time"
print(call(c))
del c.__dict__["m"]
print(call(c))
C.m = lambda self: "replaced on the class"
print(call(c), call(C()))


class D(C):
    pass


d = D()
print(call(d))
d.m = lambda: "on the subclass instance"
print(call(d))
