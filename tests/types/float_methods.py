print((2.5).is_integer(), (2.0).is_integer(), (0.5).as_integer_ratio(), (2.75).as_integer_ratio())
print((1.5).real, (1.5).imag, (1.5).conjugate())
print(round(2.5), round(3.5), round(-2.5), round(2.675, 2), round(1.23456, 3), round(12345, -2), round(15, -1))
print(round(1.5), type(round(1.5)).__name__, round(2.0, 1), round(-0.5))
