class DefaultDict(dict):
    def __missing__(self, key):
        return "default-" + str(key)
d = DefaultDict(a=1)
print(d["a"], d["zz"], len(d), isinstance(d, dict))
class Counter(dict):
    def add(self, k):
        self[k] = self.get(k, 0) + 1
c = Counter()
for ch in "abracadabra":
    c.add(ch)
print(sorted(c.items()))
