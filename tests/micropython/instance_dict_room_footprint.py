# A class remembers how many attributes its instances grew to, and a fresh
# instance's dict starts with room for them (a larger first footprint, no
# regrowth in __init__), whichever way they were stored: attribute
# assignment, setattr, or a store that went through the rule. A class whose
# instances stay small keeps the small room.
import gc


class Small:
    pass


class Assigned:
    def __init__(self):
        self.a = 1
        self.b = 2
        self.c = 3
        self.d = 4
        self.e = 5
        self.f = 6


class Setattr:
    def __init__(self):
        for i in range(7):
            setattr(self, "x%d" % i, i)


for _ in range(3):
    Assigned()
    Setattr()
    Small()


def footprint(cls):
    gc.collect()
    gc.disable()
    m = gc.mem_alloc()
    o = cls.__new__(cls)
    n = gc.mem_alloc() - m
    gc.enable()
    return n, o


small, s = footprint(Small)
assigned, a = footprint(Assigned)
by_setattr, b = footprint(Setattr)
print(assigned > small, by_setattr > small, vars(a), vars(b), vars(s))
