# sorted/list.sort over keys of one kind (small ints, strs) and mixed kinds:
# stability (also with reverse=True), and tuple/list keys compared item by item.

pairs = [(3, "c"), (1, "a"), (3, "a"), (2, "b"), (1, "b"), (2, "a"), (3, "b")]
print(sorted(pairs, key=lambda p: p[0]))
print(sorted(pairs, key=lambda p: p[0], reverse=True))
print(sorted(pairs, key=lambda p: p[1]))
print(sorted(pairs, key=lambda p: p[1], reverse=True))
print(sorted(pairs))
print(sorted(pairs, reverse=True))

words = ["pear", "Apple", "apple", "éclair", "zebra", "Zulu", "", "a", "ab", "\u00e9", "\u4e2d"]
print(sorted(words))
print(sorted(words, reverse=True))
print(sorted(words, key=len))
print(sorted(words, key=len, reverse=True))

nums = [5, -3, 2**40, -(2**70), 0, 7, 2**70, -1, 3.5, -2.25, True, False]
print(sorted(nums))
print(sorted(nums, reverse=True))

ints = [(i * 7919) % 1000 - 500 for i in range(300)]
a = sorted(ints)
print(a[:5], a[-5:], all(a[i] <= a[i + 1] for i in range(len(a) - 1)))
b = sorted(ints, key=lambda v: v % 10, reverse=True)
print(b[:8])

print(sorted([[1, 2], [1], [0, 5], [1, 2, 0], []]))
print(sorted([(1, "b"), (1, "a"), (0, "z")], key=lambda t: (t[0], t[1])))


class Str(str):
    pass


print(sorted([Str("b"), "a", Str("c")]))
try:
    sorted([1, "a", 2])
except TypeError as e:
    print("TypeError", e)
try:
    sorted([(1, 2), (1, "x")])
except TypeError as e:
    print("TypeError", e)
