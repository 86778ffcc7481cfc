print(min([3, 1, 2], key=lambda x: -x), max("apple", "fig", key=len), min((1, "b"), (1, "a")))
print(max([], default=None), min([5], default=0), max(range(5), key=lambda x: x % 3))
print(max([1, 2, 3, 2, 3], key=lambda x: x), min(["bb", "a", "ccc", "d"], key=len))
