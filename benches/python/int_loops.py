# Integer loops: nested for/while loops over small ints, local variables.
import sys


def run(n):
    total = 0
    for i in range(n):
        j = 0
        while j < 100:
            total += (i * j) % 7 - (j & 3)
            j += 1
    return total


n = int(sys.argv[1]) if len(sys.argv) > 1 else 50000
print(run(n))
