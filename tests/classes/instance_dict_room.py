# Instances whose __init__ stores more attributes than a fresh dict has room
# for: later instances of the class start with room for them (the class
# remembers how many its instances grew to). Their dicts must behave as any
# other: order, lookups, deletion, more attributes than the remembered room.


class Rec:
    def __init__(self, n):
        self.a = n
        self.b = n + 1
        self.c = n + 2
        self.d = n + 3
        self.e = n + 4
        self.f = n + 5


recs = [Rec(i) for i in range(50)]
print(sum(r.e for r in recs), list(recs[7].__dict__.items()))

r = recs[3]
del r.c
r.g = "g"
print(list(r.__dict__), r.a, r.f, r.g, hasattr(r, "c"))


class Bag:
    pass


bags = []
for k in range(3):
    b = Bag()
    # Past the room a class remembers (16): the dict grows as usual.
    for i in range(30):
        setattr(b, "x%d" % i, i * k)
    bags.append(b)
print([len(vars(b)) for b in bags], bags[2].x29, bags[1].x17)

# A fresh instance of a class with a large remembered room starts empty.
e = Bag()
print(vars(e), getattr(e, "x0", "none"))
e.x0 = 1
print(vars(e))
