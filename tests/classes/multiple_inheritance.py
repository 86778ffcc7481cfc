class Base:
    def hello(self):
        return "Base"
class Left(Base):
    def hello(self):
        return "Left>" + super().hello()
class Right(Base):
    def hello(self):
        return "Right>" + super().hello()
class Child(Left, Right):
    def hello(self):
        return "Child>" + super().hello()
print(Child().hello())
print([k.__name__ for k in Child.__mro__])
class X: pass
class Y: pass
class Z(X, Y): pass
print([k.__name__ for k in Z.mro()])
try:
    class Bad(X, Z): pass
except TypeError:
    print("TypeError MRO")
