class C:
    def __init__(self, v):
        self.v = v
    def get(self):
        return self.v
c = C(5)
m = c.get
print(m(), C.get(c), m.__self__ is c, m.__func__ is C.get)
ms = [C(i).get for i in range(3)]
print([f() for f in ms])
