print(1j, 2.5j, 1 + 2j, (1 + 2j) * 1j, 3j.imag, (4 + 0j).real)
print(abs(3 + 4j), (1 + 2j).conjugate(), complex(1, 2), complex("3+4j"))
print((1 + 1j) ** 2, (2j) / (1 + 1j), 1j == complex(0, 1))
