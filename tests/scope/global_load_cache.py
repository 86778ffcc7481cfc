# Loads of globals see every change: rebinding, deletion, a global shadowing a
# builtin appearing and disappearing, dict growth moving entries, and the same
# code run against different globals dicts.


def read_x():
    return x


x = 1
print(read_x())
x = 2
print(read_x())
del x
try:
    read_x()
except NameError as e:
    print("NameError", e)
x = 3
print(read_x())


def use_len(s):
    return len(s)


print(use_len("abc"))
len = lambda s: -1  # noqa: E731
print(use_len("abc"))
del len
print(use_len("abc"))

# Many new globals force the dict to grow and rebuild; loads must follow.
for i in range(200):
    globals()["g%d" % i] = i
print(read_x())
x = 4
print(read_x())
for i in range(0, 200, 2):
    del globals()["g%d" % i]
x = 5
print(read_x(), g199)

src = "def f():\n    return y\n"
ns1 = {"y": "one"}
ns2 = {"pad1": 0, "pad2": 0, "y": "two"}
exec(src, ns1)
exec(src, ns2)
print(ns1["f"](), ns2["f"](), ns1["f"](), ns2["f"]())
del ns2["y"]
try:
    ns2["f"]()
except NameError as e:
    print("NameError", e)
ns2["y"] = "again"
print(ns2["f"](), ns1["f"]())
