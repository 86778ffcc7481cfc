d = {"a": 1, "b": 2, "c": 3}
k = d.keys()
print(sorted(k & {"a", "z"}), sorted(k | {"z"}), sorted(k - {"a"}), "b" in k)
v = d.values()
print(sorted(v), 2 in v, len(v))
i = d.items()
print(("a", 1) in i, ("a", 2) in i, sorted(i)[0])
print(list(d.keys()) == ["a", "b", "c"], d.keys() == {"a", "b", "c"})
