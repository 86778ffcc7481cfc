a = [1]
b = a
c = [1]
print(a is b, a is c, a is not c, None is None, a == c)
x = None
print(x is None, x is not None)
print(True is True, 1 is not None)
