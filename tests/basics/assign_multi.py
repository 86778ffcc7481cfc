a = b = c = 7
print(a, b, c)
x, y = 1, 2
x, y = y, x
print(x, y)
[p, q] = "ab"
print(p, q)
(m, (n, o)) = 1, (2, 3)
print(m, n, o)
