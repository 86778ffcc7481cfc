print(float(), float(3), float("1.5"), float("  -2.5e3 "), float("1_0.5"), float(True))
for bad in ["", "abc", "1.2.3"]:
    try:
        float(bad)
    except ValueError as e:
        print("ValueError", e)
print(float(10**20), float(-7))
