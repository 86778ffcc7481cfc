data = [(1, ("a", True)), (2, ("b", False))]
for n, (letter, flag) in data:
    print(n, letter, flag)
(a, b), c = (1, 2), 3
print(a, b, c)
first, (second, *rest) = 0, [1, 2, 3]
print(first, second, rest)
for i, *others in [(1, 2, 3), (4,)]:
    print(i, others)
