total = 0
for i in range(1, 101):
    total += i
print(total)
squares = {}
n = 0
while n < 5:
    squares[n] = n * n
    n += 1
print(squares)
