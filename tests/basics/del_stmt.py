x = 1
del x
try:
    print(x)
except NameError as e:
    print("NameError", e)
l = [0, 1, 2, 3, 4]
del l[1]
del l[-1]
print(l)
l = list(range(10))
del l[::2]
print(l)
d = {"a": 1, "b": 2}
del d["a"]
print(d)
class C: pass
c = C()
c.a = 1
del c.a
print(hasattr(c, "a"))
