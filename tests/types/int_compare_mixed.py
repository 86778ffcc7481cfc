print(1 == 1.0, 2 < 2.5, 3 > 2.9, 10**20 == 1e20, 10**20 < 1e21, 2**53 + 1 > 2.0**53)
print(1 == True, 0 == False, 2 > True, hash(1) == hash(1.0) == hash(True))
print(max(1, 2.5, 2), min(-1, -1.5), sorted([3, 1.5, 2, True]))
