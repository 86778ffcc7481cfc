from collections import namedtuple
Point = namedtuple("Point", ["x", "y"])
p = Point(1, 2)
print(p, p.x, p.y, p[0], p[-1], len(p), p == (1, 2), tuple(p), list(p))
q = Point(y=5, x=3)
print(q, q._asdict(), q._replace(y=0), Point._make([7, 8]), Point._fields)
x, y = p
print(x, y, isinstance(p, tuple), hash(p) == hash((1, 2)))
P3 = namedtuple("P3", "a b c", defaults=[0])
print(P3(1, 2), P3(1, 2, 3))
try:
    Point(1)
except TypeError:
    print("TypeError")
