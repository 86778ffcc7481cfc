def f():
    "docstring"
    return 1
class C:
    """class doc"""
    x = 2
print(f(), C.x)
