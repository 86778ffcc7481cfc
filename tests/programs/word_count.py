text = """the quick brown fox jumps over the lazy dog the fox
and the dog were friends but the fox was quick"""
counts = {}
for w in text.split():
    counts[w] = counts.get(w, 0) + 1
top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
print(top)
print(len(counts), max(counts, key=lambda k: len(k)))
