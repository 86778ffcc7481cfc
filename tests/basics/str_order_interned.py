# Ordering of strs that are interned names or literals (compared by their
# texts' code points, as any strs), next to strs built at run time.
words = ["W", "Z", "A", "a", "", "ab", "abc", "é", "ü", "z", "€", "aé"]
built = ["".join(["a", "b"]), "%s" % "W", "é" * 1]


def table(xs, ys):
    out = []
    for x in xs:
        for y in ys:
            out.append((x < y, x <= y, x > y, x >= y))
    return out


rows = table(words, words)
print(sum(r[0] for r in rows), sum(r[1] for r in rows), sum(r[2] for r in rows))
print(table(built, words) == table([str(b) for b in built], words))


def grade(c):
    if "W" <= c <= "Z":
        return "late"
    if "A" <= c < "W":
        return "early"
    return "other"


print([grade(c) for c in "AVWXZ[a"])
print(sorted(words))
print(max(words), min(words))
