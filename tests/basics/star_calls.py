def f(a, b, c, d=4):
    return a + b + c + d
args = [1, 2]
print(f(*args, 3), f(*args, c=3), f(1, *[2, 3], **{"d": 10}))
print(*[1, 2, 3], sep="-")
print(*"abc")
l = [*range(3), *"xy", 9]
print(l)
t = (*l, 0)
print(t)
d = {**{"a": 1}, "b": 2, **{"a": 3}}
print(d)
s = {*[1, 2], 3}
print(sorted(s))
