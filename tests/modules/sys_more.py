import sys
print(sys.stdout.write("direct\n"))
sys.stderr.write("")
print(hasattr(sys.stdin, "readline"), sys.exc_info() == (None, None, None))
try:
    raise KeyError("k")
except KeyError:
    t, v, tb = sys.exc_info()
    print(t.__name__, repr(v))
print(type(sys.getsizeof([])).__name__)
