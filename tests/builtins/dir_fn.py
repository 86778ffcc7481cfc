class C:
    a = 1
    def m(self):
        pass
names = dir(C)
print("a" in names, "m" in names, "__init__" in names)
o = C()
o.z = 2
print("z" in dir(o), "a" in dir(o))
print("append" in dir([]), "upper" in dir(""))
