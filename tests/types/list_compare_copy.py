a = [1, 2, [3, 4]]
b = a.copy()
c = a[:]
b[2].append(5)
print(a, b, c, a is b, a == b)
print([1, 2] < [1, 3], [1, 2] < [1, 2, 0], [2] > [1, 9], [] < [0], [1, 2] == [1, 2.0])
print(list("abc"), list(range(3)), list((1, 2)), list({"k": 1}), list())
