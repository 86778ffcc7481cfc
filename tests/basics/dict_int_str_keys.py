# Dict and set lookups of small-int and interned-str keys, which identity
# decides, beside equal keys of other kinds with the same hash (True and
# 1, floats and ints, runtime-made strs and literal ones), in tables small
# enough to scan and large enough to index.


def table(n):
    return {i: "i%d" % i for i in range(n)}


for n in (3, 40):
    d = table(n)
    print(n, d[1], d[n - 1], 0 in d, n in d, -1 in d, d.get(n + 5))
    d[1.0] = "float"
    d[True] = "true"
    d[2.5] = "f"
    print(d[1], d[True], d[1.0], d[2.5], len(d))
    d["ab"] = 1
    d["a" + "b"] = 2
    k = "".join(["a", "b"])
    d[k] = 3
    print(d["ab"], len(d), k in d, "ba" in d, "a" in d)
    s = set(range(n))
    s.add(1.0)
    s.add(True)
    print(len(s), 1 in s, 1.0 in s, True in s, n in s)
    print({v % 7 for v in range(n)} == set(range(min(n, 7))))
    e = {False: "no"}
    print(e[0], 0 in e, 0.0 in e, 1 in e)
    q = {"x": 1, "y": 2}
    print(q["x"], "".join(["y"]) in q, "z" in q)
