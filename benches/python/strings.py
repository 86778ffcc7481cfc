# Strings: split, join, replace, formatting, slicing and searching.
import sys


def run(n):
    words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"]
    total = 0
    for i in range(n):
        line = " ".join(words[(i + k) % 8] for k in range(6))
        parts = line.split(" ")
        up = "-".join(p.upper() for p in parts if "e" in p)
        s = "{}:{:>6}|{:.2f}".format(up[:10], i, i / 7)
        s2 = "%s/%d/%x" % (parts[0], i, i)
        total += len(s) + len(s2) + line.find("eta") + up.count("A")
        total += len(line.replace("a", "aa"))
        if s2.startswith("alpha"):
            total += 1
    return total


n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
print(run(n))
