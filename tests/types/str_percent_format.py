print("%d %s %r" % (42, "str", "repr"), "%5d|%-5d|%05d" % (1, 2, 3))
print("%x %X %o %e %f %g" % (255, 255, 8, 12345.678, 3.14159, 0.00001234))
print("%.2f %10.3f %-8.1f|" % (2.345, 3.14159, 2.0), "%c%c" % (65, "b"), "100%%")
print("%(a)s-%(b)d" % {"a": "x", "b": 5}, "%s" % [1, 2], "%s" % (1,))
print("%+d % d %+.1f" % (5, 5, 2.0), "%*d|%.*f" % (5, 42, 2, 3.14159))
try:
    "%d" % "x"
except TypeError:
    print("TypeError")
try:
    "%s %s" % (1,)
except TypeError:
    print("TypeError not enough")
