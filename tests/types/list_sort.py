l = [5, 2, 8, 1, 9, 3]
l.sort()
print(l)
l.sort(reverse=True)
print(l)
words = ["banana", "Apple", "cherry", "date"]
print(sorted(words), sorted(words, key=str.lower), sorted(words, key=len), sorted(words, key=len, reverse=True))
pairs = [(1, "b"), (0, "z"), (1, "a"), (0, "a")]
print(sorted(pairs), sorted(pairs, key=lambda p: p[1]))
print(sorted([3.5, 1, 2.25]), sorted([]), sorted("cab"))
stable = sorted([(1, 1), (0, 2), (1, 3), (0, 4)], key=lambda p: p[0])
print(stable)
