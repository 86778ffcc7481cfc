print(1.5, .5, 5., 1e3, 1E-3, 1.5e+2, 1_0.5_0)
print(0.1 + 0.2, 1e100, 1e-100, 3.0)
print(float("inf"), -float("inf"), 1e308 * 10)
