# pyrite-args: -X heapsize=256k
# Builtins that fold an iterator in native code (sum, any, all, min/max with a
# key, `in` over an iterator) keep only the current step's objects alive: over
# many items they run in a heap far smaller than all the items together.
print(sum(x * 10 ** 30 for x in range(100000)) % 1000003)
print(any(str(x) == "no" for x in range(100000)))
print(all(str(x) for x in range(100000)))
print("no" in (str(x) for x in range(100000)))
print(max(range(50000), key=lambda x: str(x)), min(range(1, 50000), key=lambda x: [x % 97, x]))
total = 0
for chunk in range(20):
    total += sum([i * 10 ** 25 for i in range(500)]) % 7
print(total)
