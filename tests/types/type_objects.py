print(type(1), type("a"), type([]), type({}), type(()), type(1.0), type(None), type(type))
print(type(1) is int, type(True) is bool, type(len).__name__, int.__name__, str.__name__)
class C: pass
print(type(C()) is C, C.__name__, type(C).__name__)
print(isinstance(1, (str, int)), issubclass(bool, int), issubclass(int, object), isinstance(type, object))
