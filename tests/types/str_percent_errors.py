# Malformed %-format strings raise ValueError (a key left open used to crash).
for fmt, args in [("%(", {}), ("%(ab", {}), ("%", ()), ("%(a)s %(b", {"a": 1}), ("%5", (1,))]:
    try:
        print(repr(fmt % args))
    except ValueError as e:
        print("ValueError", e)
print("%-4d|%*d|%.*f" % (7, 3, 2, 2, 1.25), "%(a)5.2f" % {"a": 1.5})
