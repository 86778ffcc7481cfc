a = 2 ** 100
b = 3 ** 50
print(a + b, a - b, a * b, a // b, a % b)
print(-a // b, -a % b, a // -b, a % -b)
print(a ** 2, (a * b) // a == b, -a, abs(-a))
print(a >> 50, a << 10, a & (b - 1), a | 1, a ^ b)
print(10 ** 30 // 7, 10 ** 30 % 7)
