class A:
    def __eq__(self, o):
        return NotImplemented
class B:
    def __eq__(self, o):
        return "B.eq"
print(A() == B(), B() == A())
class R:
    def __radd__(self, o):
        return "radd " + str(o)
print(1 + R(), "s" + R())
try:
    R() + 1
except TypeError as e:
    print("TypeError", e)
