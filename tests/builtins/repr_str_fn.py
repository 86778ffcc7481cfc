print(repr(1), repr("a"), repr([1, "b"]), repr((1,)), repr({"k": [1]}), repr(1.5), repr(None))
print(str(1), str("a"), str([1, "b"]), str(b"b"), repr(b"b"))
class R:
    def __repr__(self):
        return "R()"
class S:
    def __str__(self):
        return "S-str"
print(repr(R()), str(R()), str(S()), [R()], f"{R()!r} {S()}")
