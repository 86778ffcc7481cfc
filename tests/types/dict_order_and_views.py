d = {}
for k in ["z", "a", "m", "b"]:
    d[k] = ord(k)
print(list(d))
del d["a"]
d["a"] = 0
print(list(d), list(d.items())[-1])
ks = d.keys()
d["later"] = 1
print(len(ks), "later" in ks, sorted(ks))
print(list(reversed(list(d.values()))))
