# Assigning and deleting an instance's __dict__ replaces its namespace.
class A: pass
a = A(); a.x = 1
try: a.__dict__ = 5
except TypeError as e: print(e)
d = {"y": 2}
a.__dict__ = d
print(a.y, hasattr(a, "x"), a.__dict__ is d)
a.z = 3
print(d)
del a.__dict__
print(hasattr(a, "y"), a.__dict__)
