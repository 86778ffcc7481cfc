class C:
    def __init__(self):
        self._x = 1
    @property
    def x(self):
        return self._x
    @x.setter
    def x(self, v):
        self._x = v
    @x.deleter
    def x(self):
        print("deleting")
        del self._x
c = C()
c.x = 5
print(c.x)
del c.x
print(hasattr(c, "_x"))
