# str searching by every path: one-byte needles, short needles scanned in
# place, long needles (two-way search), non-ASCII text (byte offsets turned
# into character positions), start/end arguments past the text, str
# subclasses, and bytes.
class S(str):
    pass

texts = ["", "a", "alpha beta gamma delta epsilon zeta eta theta",
         "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "h\u00e9llo w\u00f6rld \u00e9\u00e9",
         "abcabcabcabdabcabcabcabcabcabcabcabd", S("sub class text")]
needles = ["", "a", "eta", "ab", "aab", "abcabcabcabd", "aaaaaaaaaaaaaaaaaaab",
           "\u00e9", "zzz", "abcabcabcabcabcabcabd", "t"]
for t in texts:
    for n in needles:
        print(repr(t)[:12], repr(n)[:8], t.find(n), t.rfind(n), t.count(n), n in t,
              t.startswith(n), t.endswith(n), t.replace(n, "<>")[:30], t.replace(n, "-", 1)[:30])
    for start, end in ((0, None), (2, 9), (-5, None), (3, 2), (5, 100), (60, None), (None, -3)):
        print(repr(t)[:12], start, end, t.find("a", start, end), t.rfind("a", start, end),
              t.count("a", start, end), t.count("", start, end), t.find("", start, end),
              t.startswith("a", start, end), t.endswith(("a", "x", "d"), start, end))

# Past the end: no match, not even an empty one (CPython semantics).
print("abc".find("", 5), "abc".find("", 3), "abc".count("", 5), "abc".startswith("", 5),
      "abc".startswith("", 3), "abc".endswith("c", 5), "abc".rfind("", 4))
for bad in (lambda: "abc".index("d"), lambda: "abc".rindex("d", 1)):
    try:
        bad()
    except ValueError as e:
        print("ValueError", e)
for bad in (lambda: "abc".find(1), lambda: "abc".replace(1, "x"), lambda: "abc".replace("a", 2),
            lambda: 1 in "abc", lambda: "abc".startswith(["a"]), lambda: "abc".count(None)):
    try:
        bad()
    except TypeError:
        print("TypeError")

# Replacing nothing gives the same text; counts limit replacements.
a = "xyz"
print(a.replace("q", "r") == a, a.replace("x", "y", 0), "aaaa".replace("a", "b", 2),
      "abc".replace("", "-"), "abc".replace("", "-", 2), "h\u00e9\u00e9".replace("\u00e9", "e"))

# Bytes share the searcher.
b = b"hello world, hello bytes"
print(b.find(b"lo"), b.rfind(b"lo"), b.count(b"l"), b"wor" in b, b"xyz" in b, b.replace(b"hello", b"bye"),
      b"\xff\xfe\xff" in b"\x00\xff\xfe\xff", b"\xfe\xff\x00\xfe\xff\x01".find(b"\xfe\xff\x01"),
      (b"\xfe" * 20 + b"\x01") in (b"\xfe" * 40 + b"\x01"))

# Slices copy one byte range when the step is 1.
for t in ("hello", "h\u00e9llo w\u00f6rld"):
    print(t[1:3], t[::2], t[3:1], t[-2:], t[:100], t[7:], t[::-1], t[1:-1:3])
print([1, 2, 3, 4][1:3], (1, 2, 3)[::-1], [1, 2][5:9], (1, 2, 3, 4, 5)[-3:10], [][:])
