# str.format: literal runs (ASCII and not) between fields, escaped braces,
# field names with attributes and indexes, conversions, nested specs, and
# the errors for malformed formats.


class P:
    x = 3
    items = ["a", "b"]

    def __format__(self, spec):
        return "P<" + spec + ">"


print("{}:{:>6}|{:.2f}".format("ab", 42, 1 / 7))
print("héllo {} wörld {}!".format("ü", 7), "→{}←".format("x"))
print("{{}} {{{}}} {{".format(5), "}}{}{{".format(1))
print("{0}{1}{0}".format("a", "b"), "{a}-{b}".format(a=1, b="two"))
print("{0.x} {0.items[1]} {1[k]} {2[0]}".format(P, {"k": "v"}, [9]))
print("{!r} {!s} {!a}".format("q", 3, "é"))
print("{:*^9} {:é<5} {:0>4} {:+d} {: d} {:#x} {:#o} {:#b}".format("mid", "l", 7, 5, 5, 255, 8, 5))
print("{:,} {:_} {:10,.2f} {:e} {:.3g} {:%}".format(1234567, 1234567, 1234.5678, 12345.678, 0.00012345, 0.25))
print("{:{}} {:>{w}} {:.{p}f}".format("n", 5, "r", 1.23456, w=4, p=2))
print("{} {}".format(True, None), "{:d}".format(True), "{:>5}".format(True))
print("{:x<4}|{:^}|{:}".format(1, 2, 3))
print("{}".format(P()), "{:abc}".format(P()), "{0:{1}}".format(P(), "zz"))
print("".format(), "plain".format(1, 2), "{}".format(""))
print("{:c}{:c}".format(65, 0x263A))
big = 10 ** 30
print("{} {:>35} {:x}".format(big, -big, big))

for bad, args in [
    ("{", ()),
    ("}", ()),
    ("a{b", ()),
    ("{0}{}", (1, 2)),
    ("{}{0}", (1, 2)),
    ("{} {}", (1,)),
    ("{5}", (1,)),
    ("{k}", ()),
    ("{!x}", (1,)),
    ("{:.}", (1.0,)),
    ("{:1.2.3}", (1.0,)),
    ("{0[0]x}", ([1],)),
    ("{:99999999999999999999}", (1,)),
    ("{:q}", ("s",)),
    ("{:d}", ("s",)),
]:
    try:
        print(repr(bad.format(*args)))
    except (ValueError, IndexError, KeyError, TypeError) as e:
        print(type(e).__name__, e)
