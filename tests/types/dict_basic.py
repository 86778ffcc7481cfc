d = {"a": 1, "b": 2}
d["c"] = 3
print(d, len(d), d["a"], d.get("z"), d.get("z", 0), "a" in d, "z" not in d)
print(list(d.keys()), list(d.values()), list(d.items()))
del d["b"]
print(d, d.pop("a"), d, d.pop("zz", "default"))
d.update({"x": 1}, y=2)
d.update([("w", 0)])
print(d, d.setdefault("x", 99), d.setdefault("new", 7), d)
