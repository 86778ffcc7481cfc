# pyrite-args: -X heapsize=4k
# A heap smaller than start-up needs: MemoryError before the program runs, exit 1.
try:
    x = [1, 2, 3] + [4]
    print("allocated")
except MemoryError:
    print("MemoryError")
