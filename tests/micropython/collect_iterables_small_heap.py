# pyrite-args: -X heapsize=256k
# Builtins that take every item of an iterator before building their result
# (list, tuple, sorted, set, bytes, ...) count the items they hold against
# the heap as they go: an endless or huge iterator raises MemoryError instead
# of growing memory outside the heap until the machine (or board) gives out.
import gc
import re


def attempt(cases):
    """Builds each case, printing whether it was built or raised MemoryError."""
    for name, make in cases:
        try:
            make()
            print(name, "built")
        except MemoryError:
            print(name, "MemoryError")
        gc.collect()


def endless():
    i = 0
    while True:
        yield i
        i += 1


attempt([
    ("list(range)", lambda: list(range(10**9))),
    ("tuple(genexpr)", lambda: tuple(x for x in range(10**9))),
    ("list(generator)", lambda: list(endless())),
    ("sorted(range)", lambda: sorted(range(10**9))),
    ("set(range)", lambda: set(range(10**9))),
    ("list(map)", lambda: list(map(abs, range(10**9)))),
    ("bytes(genexpr)", lambda: bytes(x & 255 for x in range(10**9))),
    ("extend(range)", lambda: [].extend(range(10**9))),
    ("dict.fromkeys", lambda: dict.fromkeys(range(10**9))),
])

# The same builtins still take everything of a smaller iterator, in order,
# with a drained generator's room grown (and charged) while it runs.
squares = list(x * x for x in range(5000))
print(len(squares), squares[:5], squares[-1], sum(squares))
print(tuple(str(i) for i in range(3000))[-3:])
nested = list(list(y for y in range(x)) for x in range(60))
print(len(nested), nested[5], sum(len(n) for n in nested))
print(sorted(x % 7 for x in range(2000))[-3:], len(set(x % 7 for x in range(2000))))

# min and max take one item at a time, so they go over more items than fit.
print(min(range(10**6)), max(range(10**6)), max(x % 1000 for x in range(10**6)))
print(max(range(10**5), key=lambda x: -x), min(range(3, 10**5), key=lambda x: x % 50000))

# Results built in native code that could not fit in the heap.
attempt([
    ("zfill", lambda: "1".zfill(10**9)),
    ("expandtabs", lambda: "\t\t".expandtabs(10**9)),
    ("re.sub", lambda: re.sub("a", "b" * 10**5, "a" * 1000)),
    ("re.sub callable", lambda: re.sub("a", lambda m: "c" * 10**5, "a" * 1000)),
])
print("-12".zfill(6), "a\tb\n\tc".expandtabs(4), re.sub("(a)", r"<\1>", "banana"))
