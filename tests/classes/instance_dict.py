class C:
    def __init__(self):
        self.a = 1
c = C()
c.b = 2
print(sorted(c.__dict__.items()))
c.__dict__["c"] = 3
print(c.c)
