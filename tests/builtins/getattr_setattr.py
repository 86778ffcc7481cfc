class C:
    x = 1
o = C()
print(getattr(o, "x"), getattr(o, "y", "dflt"), hasattr(o, "x"), hasattr(o, "nope"))
setattr(o, "y", 5)
print(o.y, getattr(o, "y"))
delattr(o, "y")
print(hasattr(o, "y"))
try:
    getattr(o, "missing")
except AttributeError as e:
    print("AttributeError", e)
try:
    getattr(o, 5)
except TypeError:
    print("TypeError")
