print(sum([1, 2, 3]), sum([]), sum([1.5, 2.5]), sum(range(101)), sum([[1], [2]], []), sum((1, 2), 10))
print(sum([10**20, 10**20]), sum(x for x in range(5)))
try:
    sum(["a", "b"])
except TypeError:
    print("TypeError")
