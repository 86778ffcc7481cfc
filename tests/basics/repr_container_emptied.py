# A __repr__ that empties the container being printed and collects: a list
# or dict is read as it stands at each step (CPython's order), and a tuple,
# set or dict view prints the items it had; nothing freed is ever shown.
import gc


class Item:
    def __init__(self, n, owner):
        self.n = n
        self.owner = owner

    def __repr__(self):
        self.owner.clear()
        gc.collect()
        junk = [[k] * 3 for k in range(200)]
        return "Item(%d)" % self.n


for _ in range(3):
    lst = []
    lst.extend(Item(n, lst) for n in range(5))
    print(repr(lst))

    t = []
    t.extend(Item(n, t) for n in range(4))
    print(repr(tuple(t)))

    d = {}
    for n in range(4):
        d["k%d" % n] = Item(n, d)
    print(repr(d))

    s = set()
    for n in range(4):
        s.add(Item(n, s))
    text = repr(s)
    print(sorted(text[1:-1].split(", ")))

    src = {}
    for n in range(3):
        src[n] = Item(n, src)
    print(repr(src.values()))
