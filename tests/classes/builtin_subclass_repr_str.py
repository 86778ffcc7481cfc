# repr() and str() of instances of subclasses of builtin types show the builtin
# value unless the class overrides __repr__ / __str__.
class Str(str):
    pass
class L(list):
    pass
class D(dict):
    pass
class I(int):
    pass
class R(str):
    def __repr__(self):
        return "R!"
class S(str):
    def __str__(self):
        return "S!"
print([Str("b")], repr(Str("x")), str(Str("y")), L([1, 2]), D(a=1), I(5), repr(I(7)))
print(R("q"), repr(R("q")), S("w"), repr(S("w")), [S("e")])
print("%s %r" % (Str("a"), Str("b")), f"{Str('c')!r} {L([3])}")
