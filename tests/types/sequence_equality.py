# List and tuple equality in place: errors from an item's __eq__ propagate,
# identical items are equal (NaN), nesting, lengths, a list emptied by an
# item's __eq__ while being compared, ordering of sequences.
class E:
    def __eq__(self, o): raise ValueError("eq failed")
try: print([1, E()] == [1, 2])
except ValueError as e: print("ValueError", e)
try: print((E(),) == (3,))
except ValueError as e: print("ValueError", e)
n = float("nan"); l = [n]
print(l == l, [n] == [n], [1, [2, (3,)]] == [1, [2, (3,)]], [1, 2] == [1, 2, 3], [] == [], [1] == (1,), (1, 2) < (1, 3), [1, 2] > [1])
big = []
class Shrink:
    def __eq__(self, o):
        big.clear()
        return True
big.extend([Shrink(), 1, 2])
print(big == [0, 1, 2], len(big))
