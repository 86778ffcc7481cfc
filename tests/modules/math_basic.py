import math
print(math.sqrt(16), math.sqrt(2), math.pow(2, 10), round(math.exp(1), 12), math.log(math.e), math.log(100, 10), math.log2(1024), math.log10(1000))
print(math.floor(2.7), math.floor(-2.7), math.ceil(2.1), math.ceil(-2.1), math.trunc(-2.9), type(math.floor(1.5)).__name__)
print(math.fabs(-3), math.copysign(2, -0.0), math.fmod(7, 3), math.fmod(-7, 3), math.modf(3.75), math.frexp(8.0), math.ldexp(0.5, 4))
print(math.isfinite(1.0), math.isinf(float("inf")), math.isnan(float("nan")), math.isclose(0.1 + 0.2, 0.3))
print(math.factorial(10), math.gcd(48, 180), math.gcd(0, 5), math.isqrt(99), math.hypot(3, 4), math.degrees(math.pi), math.radians(180))
print(round(math.pi, 10), round(math.e, 10), round(math.tau, 6), math.inf > 1e308)
