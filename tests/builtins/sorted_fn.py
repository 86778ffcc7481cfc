print(sorted([3, 1, 2]), sorted("bca"), sorted((2, 1)), sorted({3: 0, 1: 0}), sorted([1, 2], reverse=True))
print(sorted(["bb", "a", "ccc"], key=len), sorted([-3, 2, -1], key=abs))
try:
    sorted([1, "a"])
except TypeError:
    print("TypeError")
