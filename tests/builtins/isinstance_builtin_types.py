vals = [1, 1.0, "s", b"b", [1], (1,), {1: 1}, {1}, None, True, range(1), len, 1j, bytearray()]
types = [int, float, str, bytes, list, tuple, dict, set, type(None), bool, range, type(len), complex, bytearray]
print([type(v).__name__ for v in vals])
print([isinstance(v, t) for v, t in zip(vals, types)])
print(isinstance(True, int), isinstance(1, bool), isinstance([], (tuple, list)), isinstance("x", object))
