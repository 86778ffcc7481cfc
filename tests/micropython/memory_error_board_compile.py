# pyrite-needs: board
# Sources whose compiled form does not fit the board's heap: each list the
# compiler grows with the size of the module (statements, scopes, names,
# functions, constants, code) raises MemoryError when it cannot grow, and the
# program goes on with its memory back (it stopped the firmware before).
import gc


def lines(fmt, n):
    return "".join(fmt % (i, i) for i in range(n))


cases = [
    # Compiled a line at a time, this fits (1,300 such lines did not when
    # the whole module's tree was built first).
    ("2500 comprehensions", lambda: lines("x%d = [j * %d for j in range(3)]\n", 2500)),
    ("comprehensions", lambda: lines("x%d = [j * %d for j in range(3)]\n", 8000)),
    ("functions", lambda: lines("def f%d(a):\n    return a + %d\n", 6000)),
    ("lambdas", lambda: lines("f%d = lambda a: a * %d\n", 8000)),
    ("globals", lambda: lines("v%d = %d\n", 16000)),
    ("locals", lambda: "def g():\n" + lines("    a%d = %d\n", 8000)),
    ("class", lambda: "class C:\n" + lines("    def m%d(self):\n        return %d\n", 5000)),
    ("list literal", lambda: "x = [" + lines("%d, %d, ", 15000) + "]\n"),
    ("dict literal", lambda: "x = {" + lines("%d: %d, ", 12000) + "}\n"),
    ("string constants", lambda: lines("s%d = 'str%d'\n", 10000)),
]
for name, make in cases:
    try:
        src = make()
    except MemoryError:
        print(name, "source too large for the test")
        continue
    try:
        exec(src, {})
        print(name, "ran")
    except MemoryError:
        print(name, "MemoryError")
    src = None
    gc.collect()
print("still running", sum(range(100)))
exec("y = 2\nprint('small exec', y * 21)")
