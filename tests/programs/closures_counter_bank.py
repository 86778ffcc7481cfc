def make_counter():
    counts = {}
    def hit(key):
        counts[key] = counts.get(key, 0) + 1
        return counts[key]
    def report():
        return sorted(counts.items())
    return hit, report
hit, report = make_counter()
for k in "abcabca":
    hit(k)
print(report())
