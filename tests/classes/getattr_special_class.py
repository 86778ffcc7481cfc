class C:
    pass
print(C.__name__, C.__qualname__, C.__module__, C().__class__ is C, C.__class__ is type)
class M:
    x = 1
print(M.__dict__["x"], "x" in M.__dict__)
