class Num:
    def __init__(self, v):
        self.v = v
    def __lt__(self, o):
        return self.v < o.v
    def __le__(self, o):
        return self.v <= o.v
    def __eq__(self, o):
        return self.v == o.v
    def __repr__(self):
        return "N%d" % self.v
ns = [Num(3), Num(1), Num(2)]
print(sorted(ns), max(ns), min(ns), Num(1) < Num(2), Num(2) > Num(1), Num(1) >= Num(1))
