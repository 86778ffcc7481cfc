print(int(1e10), int(-1e10), int(1.9999), int(-1.9999), int(1e20))
try:
    int(float("inf"))
except OverflowError:
    print("OverflowError")
try:
    int(float("nan"))
except ValueError:
    print("ValueError")
print(float(2**60), 2**60 == float(2**60), 1e300 * 1e300)
