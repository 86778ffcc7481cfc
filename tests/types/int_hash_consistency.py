vals = [0, 1, -1, -2, 2**61 - 1, 2**61, 2**64, -(2**64), 10**20]
print([hash(v) for v in vals])
print(hash(1.0), hash(-1.0), hash(2.0**61), hash(0.5) == hash(0.5), hash(True), hash(None) == hash(None))
d = {1: "a"}
d[1.0] = "b"
d[True] = "c"
print(d)
