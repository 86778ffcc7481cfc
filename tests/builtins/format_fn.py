print(format(3.14159, ".2f"), format(42, "05d"), format("hi", ">5"), format(0.5, "%"), format(1e10, ".3g"), format(255, "#x"))
print(format(123), format(1.0), format("s"), format(True), format(None))
print(format(-1.5, "+.1f"), format(1234567.891, ",.2f"), format(42, "^7"), format(42, "=+6"))
class F:
    def __format__(self, spec):
        return "F[" + spec + "]"
print(format(F(), "xyz"), f"{F():abc}")
