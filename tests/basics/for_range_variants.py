print(list(range(5)), list(range(2, 5)), list(range(0, 10, 3)), list(range(5, 0, -2)))
print(list(range(0)), list(range(3, 3)), list(range(-3)))
total = 0
for i in range(100, 0, -7):
    total += i
print(total)
for i in range(2**40, 2**40 + 2):
    print(i)
