# Comprehensions: list, dict and set comprehensions, nested and filtered.
import sys


def run(n):
    total = 0
    for r in range(n):
        sq = [i * i for i in range(100)]
        ev = [x for x in sq if x % 2 == 0]
        d = {i: v for i, v in enumerate(ev) if v % 3}
        s = {v % 17 for v in sq}
        pairs = [(i, j) for i in range(8) for j in range(i)]
        total += len(ev) + len(d) + len(s) + len(pairs) + sq[r % 100]
    return total


n = int(sys.argv[1]) if len(sys.argv) > 1 else 24000
print(run(n))
