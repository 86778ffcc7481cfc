parts = []
for i in range(20):
    parts.append("%02d" % i)
s = ",".join(parts)
print(s, len(s))
print(s.replace(",", "")[:10], s.count("1"), s[::-1][:8])
words = "a quick brown fox".split()
print(" ".join(w[::-1] for w in words), "-".join(w.capitalize() for w in words))
acc = ""
for w in words:
    acc += w[0]
print(acc.upper())
