# LOAD_GLOBAL of builtins: a name later bound in the globals (by assignment,
# globals(), exec's dict or a key that is not interned) shadows the builtin
# at once, and the builtin comes back when the global goes.
import builtins
import gc


def use_len():
    return len([1, 2])


def use_abs():
    return abs(-3)


def use_max():
    return max(1, 2)


def use_round():
    return round(2.5)


for step in range(3):
    print("len", [use_len() for _ in range(3)])
    len = lambda x: 99
    print("len shadowed", [use_len() for _ in range(3)])
    del len
    print("len back", [use_len() for _ in range(3)])

    print("abs", use_abs())
    globals()["abs"] = lambda x: "shadow"
    print("abs shadowed", use_abs())
    del globals()["abs"]
    print("abs back", use_abs())

    saved = builtins.max
    print("max", use_max())
    builtins.max = lambda a, b: "patched"
    print("max patched", use_max())
    builtins.max = saved
    print("max restored", use_max())

    # A key made at run time, equal to a builtin's name but not the same
    # string object.
    key = "".join(["ro", "und"])
    print("round", use_round())
    globals()[key] = lambda x: "made"
    print("round shadowed", use_round())
    del globals()[key]
    print("round back", use_round())

code = compile("r = min(3, 4)", "exec_test", "exec")
g1 = {}
g2 = {"min": lambda a, b: "g2's min"}
for _ in range(3):
    exec(code, g1)
    exec(code, g2)
    print(g1["r"], g2["r"])
g1["min"] = lambda a, b: "g1's min"
exec(code, g1)
print(g1["r"])


def many_globals():
    return sorted([3, 1, 2])


print(many_globals())
for i in range(40):
    globals()["name%d" % i] = i
print(many_globals())
sorted = lambda x: "shadowed after growth"
print(many_globals())
del sorted
print(many_globals())
try:
    undefined_name_here
except NameError as e:
    print("NameError", e)


# The same code run against a globals dict made where a freed one was: a
# name found in the builtins for the old dict is not trusted for the new.
code = compile("def f():\n    return abs(-1)\n", "exec_test", "exec")


def run():
    for i in range(8):
        g = {} if i % 2 == 0 else {"abs": lambda x: "own abs"}
        exec(code, g)
        print(i, g["f"](), g["f"]())
        g = None
        gc.collect()


run()
