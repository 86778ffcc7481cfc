# pyrite-args: -X heapsize=256k
# A full heap raises MemoryError; the program catches it and carries on.
import gc
chunks = []
try:
    while True:
        chunks.append([0] * 1000)
except MemoryError:
    print("MemoryError after", len(chunks) > 5)
chunks = None
gc.collect()
print("recovered", sum(range(100)))
s = []
try:
    for i in range(100000):
        s.append("x" * 100 + str(i))
except MemoryError:
    print("MemoryError again")
s = None
print([i * 2 for i in range(5)])
