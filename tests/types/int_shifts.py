print(1 << 0, 1 << 62, 1 << 63, 1 << 100, -1 << 70)
print((1 << 100) >> 99, -(1 << 100) >> 99, 5 >> 1, -5 >> 1)
try:
    1 << -1
except ValueError as e:
    print("ValueError", e)
