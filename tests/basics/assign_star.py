a, *b = [1, 2, 3]
print(a, b)
*a, b = (1, 2, 3)
print(a, b)
a, *b, c = range(6)
print(a, b, c)
a, *b, c = 1, 2
print(a, b, c)
first, *_ = "hello"
print(first)
