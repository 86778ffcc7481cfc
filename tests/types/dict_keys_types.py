d = {1: "int", 1.5: "float", "s": "str", (1, 2): "tuple", None: "none", True: "bool?"}
print(d[1], d[1.5], d["s"], d[(1, 2)], d[None], len(d))
print(d[1.0], {0: "zero"}[False])
try:
    d[[1]] = 2
except TypeError as e:
    print("TypeError", e)
try:
    d["missing"]
except KeyError as e:
    print("KeyError", e)
