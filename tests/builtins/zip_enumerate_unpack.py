names = ["a", "b", "c"]
ages = [1, 2, 3]
for i, (n, a) in enumerate(zip(names, ages), 1):
    print(i, n, a)
pairs = list(zip(names, ages))
n2, a2 = zip(*pairs)
print(n2, a2)
print(dict(enumerate("xy")), list(zip(range(3), range(10, 13), "abc")))
