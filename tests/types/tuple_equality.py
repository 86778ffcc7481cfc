# Tuple equality: item by item, identical items equal (even NaN), nested
# tuples, mixed numbers, user __eq__, tuples as dict keys.
n = float("nan")
t = (1, n)
print(t == t, (1, n) == (1, n), (1, 2) == (1, 2), (1, 2) == (1, 2, 3), (1, (2, 3)) == (1, (2, 3)), (1, [2]) == (1, [2]))
print((1, 2.0) == (1, 2), ("a", 1) != ("a", 1), () == (), (1,) == [1])
d = {(1, 2): "x", (3, "y"): "z"}
print(d[(1, 2)], d[(3, "y")], (3, "y") in d, (4,) in d)
class E:
    def __eq__(self, o): return True
print((1, E()) == (1, 5), (E(), 1) == (2, 1))
