print(not 1 == 2, not (1 == 2), -3 ** 2, 2 * -3, 1 - -1, ~-2, 3 - 2 - 1, 2 ** -1)
print(1 if 0 else 2 if 0 else 3, (lambda: 1 or 2)(), [1, 2][-1:] + [0])
print(5 & 3 << 1, (5 & 3) << 1, 1 | 2 ^ 3 & 4, 7 // 2 * 2, 7 % 3 ** 2)
x = 5
print(1 < x < 10 and x != 7, x > 3 or 1 / 0, x in (5, 6) and not x in (7,))
