print(max(3, 1, 2), min(3, 1, 2), max([1, 5, 2]), min("hello"), max("a", "b"))
print(max([1, 2], key=lambda x: -x), min([], default="empty"), max([3, 7, 7], key=lambda x: x % 3))
print(max((1, "a"), (1, "b")), min([[2], [1, 5]]))
try:
    max([])
except ValueError as e:
    print("ValueError", e)
try:
    min(1, "a")
except TypeError:
    print("TypeError")
