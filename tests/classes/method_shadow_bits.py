# A method call site in a hot loop, on instances whose own dicts change:
# native code takes the method from its cache only when the instance's dict
# cannot hold the name (each dict keeps a bit per key hash, and a flag for
# keys that are not interned names); every other case asks the rule, which
# must find what Python finds.


class P:
    def __init__(self, n):
        # Enough attributes that many hash bits are set.
        for k in range(n):
            setattr(self, "a%d" % k, k)

    def meth(self):
        return "class"


def calls(objs, rounds=30):
    out = []
    for _ in range(rounds):
        for o in objs:
            out.append(o.meth())
    return out[-len(objs):]


objs = [P(0), P(3), P(12), P(40)]
print(calls(objs))

# "xcm" has the same hash bit as "meth": the bit alone cannot tell, and the
# method is still found.
objs[1].xcm = 1
print(calls(objs))

# An instance attribute of the same name shadows the method...
objs[2].meth = lambda: "own"
print(calls(objs))
# ...and stops shadowing it when deleted (its bit stays set).
del objs[2].meth
print(calls(objs))

# A key that is not an interned name: a str built at run time, equal to the
# method's name, in the instance's dict.
name = "".join(["me", "th"])
objs[3].__dict__[name] = lambda: "built"
print(calls(objs))
objs[3].__dict__.clear()
print(calls(objs))
objs[3].__dict__[7] = "seven"
print(calls(objs), objs[3].__dict__[7])

# The shadowing attribute set inside the loop itself.
def flip(o, rounds):
    got = []
    for r in range(rounds):
        if r == rounds // 2:
            o.meth = lambda: "late"
        got.append(o.meth())
    return got[rounds // 2 - 1 : rounds // 2 + 1]


print(flip(P(5), 40))
