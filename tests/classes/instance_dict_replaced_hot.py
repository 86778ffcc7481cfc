# Attribute loads and stores in compiled loops on instances whose __dict__
# is replaced, deleted (a fresh empty one) or refused (not a dict) between
# rounds: the inline path reads whatever dict the instance holds now.


class P:
    def __init__(self, x, y):
        self.x = x
        self.y = y


def total(ps, n):
    t = 0
    for _ in range(n):
        for p in ps:
            t += p.x * 10 + p.y
            p.y = p.y + 1
    return t


ps = [P(i, i + 1) for i in range(5)]
print(total(ps, 50))
ps[1].__dict__ = {"y": 7, "x": 3}
ps[2].__dict__ = {"z": 0, "q": 1, "x": 1, "y": 2}
print(total(ps, 50))
try:
    ps[3].__dict__ = [("x", 1)]
except TypeError as e:
    print("TypeError", e)
del ps[4].__dict__
try:
    total(ps, 50)
except AttributeError as e:
    print("AttributeError", e)
ps[4].x = 9
ps[4].y = 9
print(total(ps, 50))
print([sorted(p.__dict__.items()) for p in ps])
