class A:
    def __init__(self, a):
        self.a = a
class B(A):
    def __init__(self, a, b):
        A.__init__(self, a)
        self.b = b
class C(B):
    pass
c = C(1, 2)
print(c.a, c.b)
class NoInit:
    pass
try:
    NoInit(1)
except TypeError as e:
    print("TypeError")
