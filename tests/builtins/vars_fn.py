class C:
    def __init__(self):
        self.a = 1
        self.b = 2
c = C()
print(vars(c))
vars(c)["c"] = 3
print(c.c, sorted(c.__dict__))
