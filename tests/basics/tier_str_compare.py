# == and != between strings inside hot loops: two interned strings compare
# by identity in native code; a heap string, a string against another
# type, and instances of a str subclass go to the runtime.


class Named(str):
    pass


def compare(vals, n):
    eq = ne = 0
    seen = []
    for i in range(n):
        for a in vals:
            for b in vals:
                if a == b:
                    eq += 1
                if a != b:
                    ne += 1
                if i == 0:
                    seen.append((a == b, a != b))
    return eq, ne, seen


def chars(text, n):
    t = 0
    for i in range(n):
        for c in text:
            if c == "a":
                t += 1
            elif c != "b":
                t += 100
    return t


built = "".join(["ab", "c"])
vals = ["A", "B", "", "abc", built, "abc" * 20, 1, 1.0, None, b"A", Named("A")]
eq, ne, seen = compare(vals, 3)
print(eq, ne)
print(seen)
print(chars("abcab" * 4, 5))
