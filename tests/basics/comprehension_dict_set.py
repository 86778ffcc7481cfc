print({x: x * x for x in range(4)})
print(sorted({x % 3 for x in range(10)}))
print({k: v for k, v in zip("abc", range(3)) if v})
words = ["apple", "bob", "cat"]
print({w: len(w) for w in words})
