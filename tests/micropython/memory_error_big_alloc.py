# pyrite-args: -X heapsize=512k
# One allocation larger than the whole heap fails cleanly.
for make in [lambda: "x" * 10**7, lambda: [0] * 10**7, lambda: bytes(10**7), lambda: bytearray(10**7), lambda: 2 ** (10**8)]:
    try:
        make()
        print("allocated?!")
    except MemoryError:
        print("MemoryError")
print("still running")
