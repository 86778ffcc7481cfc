# str.split/rsplit with every separator kind and maxsplit, and str.join
# over lists, generators, empty and non-ASCII text; their errors.
cases = ["a b  c", "", "a,b,,c,", ",", "x", "ab" * 5, "é,ü,中", "a::b::c::", "::"]
for s in cases:
    for sep in (",", "::", "b", " ", "é"):
        for m in (-1, 0, 1, 2):
            print(repr(s), repr(sep), m, s.split(sep, m), s.rsplit(sep, m))
    print(s.split(), s.rsplit(), s.split(None, 1), s.rsplit(None, 1))
print("-".join([]), "-".join(["a"]), "".join(["a", "b"]), ", ".join(x for x in "abc"))
print("é".join(["x", "yz", ""]))
try:
    "-".join(["a", 1])
except TypeError as e:
    print(e)
try:
    "a".split("")
except ValueError as e:
    print(e)
