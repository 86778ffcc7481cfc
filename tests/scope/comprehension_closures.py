def f():
    factor = 3
    return [x * factor for x in range(3)], {k: factor for k in "ab"}, list(x + factor for x in range(2))
print(f())
def g():
    n = 2
    return [[i * n + j for j in range(n)] for i in range(n)]
print(g())
