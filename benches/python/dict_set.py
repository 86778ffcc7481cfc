# Dict and set churn: inserts, lookups, deletes, membership and set algebra.
import sys


def run(n):
    d = {}
    s = set()
    hits = 0
    for i in range(n):
        k = (i * 7919) % 10007
        d[k] = d.get(k, 0) + i
        s.add(k % 1000)
        if (k ^ 5) in d:
            hits += 1
        if i % 3 == 0 and k in d:
            del d[k]
        if i % 1000 == 999:
            t = set(range(0, 1000, 3))
            hits += len(s & t) + len(s - t)
            s = s ^ t
    names = {"k%d" % i: i for i in range(2000)}
    for i in range(n):
        hits += names.get("k%d" % (i % 3000), -1) & 1
    return hits, len(d), sum(d.values()) % 1000003


n = int(sys.argv[1]) if len(sys.argv) > 1 else 400000
print(run(n))
