class Single:
    _inst = None
    def __new__(cls):
        if cls._inst is None:
            cls._inst = super().__new__(cls)
        return cls._inst
a = Single()
b = Single()
print(a is b)
class WithNew:
    def __new__(cls, x):
        o = object.__new__(cls)
        o.made = x
        return o
    def __init__(self, x):
        self.init = x * 2
w = WithNew(5)
print(w.made, w.init)
