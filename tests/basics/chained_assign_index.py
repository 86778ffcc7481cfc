a = b = []
a.append(1)
print(b)
x = [0, 0, 0]
i = 0
i, x[i] = 1, 2
print(i, x)
d = {}
d["a"] = d["b"] = 5
print(d)
