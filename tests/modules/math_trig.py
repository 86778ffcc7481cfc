import math
for x in [0.0, 0.5, 1.0]:
    print(round(math.sin(x), 12), round(math.cos(x), 12), round(math.tan(x), 12), round(math.asin(x), 12), round(math.acos(x), 12), round(math.atan(x), 12))
print(round(math.atan2(1, 1), 12), round(math.atan2(-1, -1), 12), round(math.sinh(1), 12), round(math.cosh(1), 12), round(math.tanh(1), 12))
print(round(math.asinh(1), 12), round(math.acosh(2), 12), round(math.atanh(0.5), 12), round(math.erf(1), 12), round(math.erfc(1), 12))
print(round(math.gamma(5), 6), round(math.lgamma(10), 9), round(math.expm1(1e-5), 15), round(math.log1p(1e-5), 15))
