print(abs(-0.0), abs(-7), abs(2**100 - 2**101), round(-0.0), round(5.5), round(6.5), round(-5.5))
print(round(1.23456789, 5), round(10.0), type(round(10.0)).__name__, round(10.0, 0), round(25, -1), round(35, -1))
