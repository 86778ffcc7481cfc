print(hash(42), hash(-1), hash(0), hash(True), hash((1, 2)) == hash((1, 2)), hash("ab") == hash("a" + "b"))
print(hash(1.5) == hash(1.5), hash(3.0) == hash(3))
for bad in [[], {}, set()]:
    try:
        hash(bad)
    except TypeError as e:
        print("TypeError", e)
class H:
    def __hash__(self):
        return 7
print(hash(H()))
