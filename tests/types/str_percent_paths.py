# %-formatting: the flag-free %d/%x/%o/%s fast path against the general one
# (widths, signs, alternate forms, precision), str subclasses with __str__,
# mappings, bytes, and the errors.
vals = [0, 1, -1, 255, -255, 2**40, -(2**40), 2**62 - 1, -(2**62), 2**64, True]
for v in vals:
    print("%d|%i|%u|%x|%X|%o|%s" % (v, v, v, v, v, v, v))
    print("%5d|%-5d|%05d|%+d|% d|%#x|%#o|%.3d|%3x|%s%%" % (v, v, v, v, v, v, v, v, v, v))
print("%s-%s" % ("abc", "h\u00e9"), "%s" % ("x",), "%s" % "y", "%s" % 5, "%s" % None, "%r" % "q")
class S(str):
    def __str__(self): return "custom"
print("%s" % S("base"), "%s" % [1, 2], "%(a)s %(b)d" % {"a": "A", "b": 7})
print(b"%d %x %s" % (10, 255, b"zz"))
for bad in [lambda: "%d" % "x", lambda: "%d %d" % (1,), lambda: "%d" % (1, 2), lambda: "%z" % 1]:
    try:
        bad()
    except (TypeError, ValueError) as e:
        print(type(e).__name__)
