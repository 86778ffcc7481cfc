# A width or precision whose text could not fit in the heap raises MemoryError
# before anything is built (MicroPython does the same; CPython would try).
for c in (
    lambda: "%2000000000d" % 1,
    lambda: "{:2000000000}".format("x"),
    lambda: f"{1.5:.2000000000f}",
):
    try:
        c()
        print("built")
    except MemoryError:
        print("MemoryError")
print("%8d" % 5, "{:>4}".format("ok"))
