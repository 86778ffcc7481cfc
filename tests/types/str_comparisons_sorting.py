words = ["banana", "Apple", "cherry", "apple", "Banana", "123", ""]
print(sorted(words))
print(sorted(words, key=lambda w: (w.lower(), w)))
print("a" * 3 < "b", "abc" > "ab", "Z" < "a", min(words), max(words))
print(sorted(["é", "e", "f", "z"]))
