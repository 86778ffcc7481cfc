import cmath, math
print(cmath.sqrt(-4), cmath.sqrt(2j), cmath.exp(0), cmath.log(1), cmath.phase(-1), cmath.phase(1j))
print(cmath.polar(1j), cmath.rect(2, 0), abs(cmath.exp(1j * math.pi) + 1) < 1e-15)
z = cmath.log(-1)
print(round(z.real, 12), round(z.imag, 12), round(cmath.cos(1j).real, 12), round(cmath.sin(1j).imag, 12))
print(round(cmath.pi, 12), round(cmath.e, 12), cmath.log10(100))
