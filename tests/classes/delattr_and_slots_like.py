class C:
    def __delattr__(self, name):
        print("delattr", name)
        object.__delattr__(self, name)
c = C()
c.x = 1
del c.x
print(hasattr(c, "x"))
