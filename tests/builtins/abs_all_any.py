print(abs(-5), abs(5), abs(-2.5), abs(0), abs(-2**70), abs(3+4j), abs(True))
print(all([]), all([1, 2]), all([1, 0]), any([]), any([0, 0, 1]), any(x > 5 for x in range(3)))
