class A: pass
class B(A): pass
b = B()
print(isinstance(b, A), isinstance(b, B), isinstance(A(), B), isinstance(b, (int, A)), isinstance(1, object))
print(issubclass(B, A), issubclass(A, B), issubclass(B, (int, A)), issubclass(bool, (int,)), issubclass(A, A))
try:
    isinstance(1, 2)
except TypeError:
    print("TypeError")
try:
    issubclass(1, int)
except TypeError:
    print("TypeError 2")
