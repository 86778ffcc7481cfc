class Both:
    def __str__(self):
        return "str!"
    def __repr__(self):
        return "repr!"
class OnlyRepr:
    def __repr__(self):
        return "only-repr"
b = Both()
print(b, str(b), repr(b), [b], "%s %r" % (b, b), OnlyRepr(), str(OnlyRepr()))
