vals = [0.5, 1.5, 2.5, -0.5, -1.5, 0.125, 0.375, 2.675, 1.005, 123.456]
print([round(v) for v in vals[:5]])
print([round(v, 2) for v in vals[5:]])
print(round(1e20), round(-7.5), round(7.45, 1), round(1234.5, -1))
print(int(7.999999999999999), int(-0.5), 1e15 + 0.3)
