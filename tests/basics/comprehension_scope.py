x = "outer"
r = [x for x in range(3)]
print(x, r)
def f():
    n = 10
    return [n + i for i in range(3)]
print(f())
class C:
    vals = [1, 2, 3]
    doubled = [v * 2 for v in vals]
print(C.doubled)
