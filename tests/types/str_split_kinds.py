# split and rsplit: by whitespace (None) and by a separator of one or more
# characters, with every maxsplit, on ASCII and non-ASCII text.
for s in ["", " ", "a", " a b  c ", "a,b,,c,", ",", "  x  y\tz\n", "h\u00e9llo w\u00f6rld  \u00e9",
          "a--b--c----d", "\u00e9,\u00e9\u00e9,"]:
    for m in (-1, 0, 1, 2, 5):
        print(repr(s), m, s.split(None, m), s.rsplit(None, m), s.split(",", m),
              s.rsplit(",", m), s.split("--", m), s.rsplit("--", m), s.split(" ", m),
              s.rsplit(" ", m))
print("a b".split(sep=" ", maxsplit=1), "a b c".rsplit(maxsplit=1), "a b c".split(maxsplit=0))
for bad in (lambda: "a".split(""), lambda: "a".rsplit("")):
    try:
        bad()
    except ValueError as e:
        print("ValueError", e)
try:
    "a".split(1)
except TypeError:
    print("TypeError")
print(b"a,b".split(b","), b" a b ".split(), b"a--b--c".rsplit(b"--", 1))
