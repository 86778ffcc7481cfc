# printf-style formatting: literal runs (ASCII and not) between conversions,
# flags, widths and precisions (also from arguments), mapping keys, bytes,
# and the errors for malformed formats.
print("%s/%d/%x" % ("alpha", 5, 255), "k%d" % 7, "%%%s%%" % "x")
print("%5d|%-5d|%05d|%+d|% d|%x|%X|%o|%#x|%#o" % (42, 42, 42, 42, 42, 255, 255, 8, 255, 8))
print("%.2f|%10.3f|%-10.1e|%g|%G|%.0f" % (3.14159, 2.5, 12345.678, 0.0001, 1e20, 2.5))
print("%s|%r|%a|%c|%c" % ("é", "é", "é", 65, "z"))
print("%(a)s-%(b)05.1f" % {"a": "A", "b": 3.25}, "%(x)s" % {"x": [1]})
print("%*d|%-*d|%.*f" % (6, 1, 6, 2, 3, 1.23456))
print("héllo %s wörld → %d" % ("ü", 3))
print("%.3s|%10.2s|" % ("abcdef", "xyz"))
print(b"%s-%d-%b" % (b"ab", 5, b"cd"), b"%x" % 255)
for bad, args in [("%", ()), ("%d", ()), ("%d %d", (1,)), ("%(a", {"a": 1}), ("%(a)s", (1,)), ("%q", (1,)), ("%d", ("s",)), ("%s %s", ("a",)), ("x", (1,))]:
    try:
        print(repr(bad % args))
    except (ValueError, TypeError, KeyError) as e:
        print(type(e).__name__, e)
