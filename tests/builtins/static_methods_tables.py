# Builtin functions and methods of builtin types (kept in static tables, not
# heap objects): identity, names, calls bound and unbound, lookup through
# subclasses and super(), dir() and __dict__, and as dict keys.

print(len, print, len.__name__, print.__name__)
print(type(len).__name__, type(len) is type(abs), repr(abs) == "<built-in function abs>")
print(str.upper is str.upper, len is len, str.upper is bytes.upper)
print(str.upper.__name__, list.append.__name__, dict.get.__name__)
print(callable(str.upper), callable(len), callable(list.append))
print(str.upper("abc"), list.count([1, 2, 1], 1), bytes.hex(b"\x01\xff"))
m = "xyz".upper
print(m(), m.__name__)
print(list(map(str.upper, ["a", "b"])), sorted(["b", "A", "c"], key=str.lower))
print(getattr(list, "append") is list.append)

try:
    str.upper(5)
except TypeError as e:
    print("TypeError", e)
try:
    str.upper()
except TypeError as e:
    print("TypeError")

# Shared tables (bytes and bytearray; set and frozenset) and extra ones.
ba = bytearray(b"ab")
ba.append(99)
print(ba.upper(), ba, b"ab".upper())
print(hasattr(bytearray, "append"), hasattr(bytes, "append"))
s = set([1])
s.add(2)
print(sorted(s), hasattr(frozenset(), "add"), frozenset([3]).union([4]) == {3, 4})
try:
    frozenset().add(1)
except AttributeError:
    print("AttributeError")


# Subclasses find the base's methods; an override wins; super() reaches them.
class L(list):
    def append(self, x):
        super().append(x * 10)


class D(dict):
    pass


l = L()
l.append(1)
list.append(l, 2)
print(l, L.extend is list.extend, L.append is list.append)
d = D(a=1)
print(d.get("a"), d.get("b", 5), sorted(d.keys()))

# dir() and __dict__ show them.
print("upper" in dir(str), "append" in dir(L), "get" in dir(d))
print("upper" in str.__dict__, str.__dict__["upper"] is str.upper)
print("append" in list.__dict__, "append" in L.__dict__)

# As keys and values.
table = {len: "len", str.upper: "upper", list.append: "append"}
print(table[len], table[str.upper], table[list.append])
print(str.upper == str.upper, str.upper != str.lower, hash(len) == hash(len))

# Module functions.
import sys

print(callable(sys.exit), sys.exit.__name__)
try:
    sys.exit(3)
except SystemExit as e:
    print("SystemExit", e.args)
