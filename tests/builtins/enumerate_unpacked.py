# for i, x in enumerate(...): over lists, tuples, ranges, strings, dicts and
# generators; start values near and past the small-int range; a list that
# grows while iterated; comprehensions; targets of every kind.

for i, x in enumerate([10, 20, 30]):
    print(i, x)
for i, x in enumerate((1.5, None), 5):
    print(i, x)
for i, x in enumerate(range(3, 12, 4), -2):
    print(i, x)
for i, c in enumerate("hé!"):
    print(i, c)
for i, k in enumerate({"a": 1, "b": 2}):
    print(i, k)
for i, g in enumerate(x * x for x in range(3)):
    print(i, g)
big = 2 ** 62 - 2
for i, x in enumerate("abcd", big):
    print(i, x)
for i, x in enumerate([7, 8], 2 ** 100):
    print(i, x)

grow = [1, 2]
for i, x in enumerate(grow):
    if i < 4:
        grow.append(x * 10)
print(grow)

print({i: v for i, v in enumerate([3, 6, 9, 12]) if v % 2 == 0})
print([(i, v) for i, v in enumerate("xyz", 1)])

e = enumerate([5, 6, 7, 8])
for i, x in e:
    if i == 1:
        break
print(next(e), list(e))


class Box:
    pass


b = Box()
d = {}
for b.i, d["x"] in enumerate(["p", "q"]):
    pass
print(b.i, d)
for (i, x) in enumerate([[1, 2], [3, 4]]):
    a, c = x
    print(i, a, c)
for i, (a, c) in enumerate([(1, 2), (3, 4)]):
    print(i, a + c)
try:
    for i, x, y in enumerate([1]):
        pass
except ValueError as ex:
    print("ValueError")
