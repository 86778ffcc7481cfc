# Names stored under strings built at run time are found by the compiled
# names (globals, builtins lookups and class namespaces).
name = "".join(["spl", "at"])
globals()[name] = 42
print(splat)
g = globals()
g["d" + "yn"] = "dynamic"


def f():
    return dyn, splat


print(f())
del g[name]
try:
    splat
except NameError:
    print("NameError")


class C:
    pass


setattr(C, "me" + "thod", lambda self: "bound")
print(C().method())
obj = C()
setattr(obj, "fi" + "eld", 7)
print(obj.field, getattr(obj, "field"))
ns = {}
exec("x = 1\ny = x + 1", ns)
print(ns["x"], ns["y"])
ns2 = {"z" + "z": 5}
exec("w = zz * 2", ns2)
print(ns2["w"])
