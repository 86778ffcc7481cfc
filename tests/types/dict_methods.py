d = dict(a=1, b=2)
print(d, dict([("x", 1), ("y", 2)]), dict({"k": "v"}, extra=1), dict.fromkeys("ab", 0), dict.fromkeys([1, 2]))
c = d.copy()
c["a"] = 100
print(d, c, d.popitem(), d)
d.clear()
print(d, {} == {}, {"a": 1} == {"a": 1.0}, {1: 2} != {1: 3})
print({**{"a": 1}, **{"b": 2}}, {"a": 1} | {"b": 2})
