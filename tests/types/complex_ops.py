a = 1 + 2j
b = 3 - 4j
print(a + b, a - b, a * b, a / b, -a, +a)
print(a == 1 + 2j, a != b, abs(b), a.real, a.imag)
print(complex(2), complex(1.5, -2), complex(), complex("1j"), complex("-2.5"))
print(2 * a, a * 2.0, 1 / (1j), (1 + 0j) ** 0)
try:
    a < b
except TypeError:
    print("TypeError ordering")
