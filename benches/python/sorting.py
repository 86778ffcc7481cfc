# Sorting: list.sort and sorted with keys, reverse, tuples and strings.
import sys


def run(n):
    seed = 12345
    data = []
    for _ in range(n):
        seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
        data.append(seed % 100000)
    a = sorted(data)
    b = sorted(data, key=lambda v: (v % 100, -v))
    c = sorted(("w%d" % v for v in data[: n // 4]), reverse=True)
    data.sort(key=lambda v: v // 7)
    return a[n // 2], b[0], b[-1], c[0], data[n // 3]


n = int(sys.argv[1]) if len(sys.argv) > 1 else 170000
print(run(n))
