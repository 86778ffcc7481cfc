# A compiled function's loads of globals and builtins see every way the
# globals dict or builtins can change while it runs in a loop: STORE_GLOBAL
# from another function, globals() item assignment, update, pop, popitem,
# setdefault, clear of a separate exec namespace, setattr on the module from
# outside, builtins patched and restored, and a dict freed and another made
# in its place for the same code.
import builtins
import sys

me = sys.modules[__name__]
counter = 0


def read():
    return counter


def bump():
    global counter
    counter += 1


def seen(n):
    out = []
    for _ in range(n):
        out.append(read())
        bump()
    return out


print(seen(5))
print(seen(3))

g = globals()
for way in range(6):
    before = read()
    if way == 0:
        g["counter"] = 100
    elif way == 1:
        g.update({"counter": 200})
    elif way == 2:
        setattr(me, "counter", 300)
    elif way == 3:
        me.counter = 400
    elif way == 4:
        g.pop("counter")
        try:
            read()
        except NameError as e:
            print("NameError", e)
        g.setdefault("counter", 500)
    else:
        exec("counter = 600", g)
    print(way, before, read(), [read() for _ in range(3)])


def length(s):
    return len(s)


for round_ in range(3):
    print([length("ab") for _ in range(4)])
    saved = builtins.len
    builtins.len = lambda s: "patched"
    print([length("ab") for _ in range(4)])
    builtins.len = saved
    g["len"] = lambda s: "global"
    print([length("ab") for _ in range(4)])
    g.popitem()  # the last key added: "len"
    print([length("ab") for _ in range(4)])

src = """
def f():
    return [value for _ in range(3)]
"""
for n in range(4):
    ns = {"value": n}
    exec(src, ns)
    f = ns["f"]
    print(f(), f())
    ns["value"] = -n
    print(f())
    ns.clear()
    ns["value"] = "cleared"
    ns["range"] = range
    print(f())
