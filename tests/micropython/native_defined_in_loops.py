# pyrite-needs: native-emitter
# Decorated functions defined inside a loop: with the compiler tier the
# loop's MAKE_FUNCTION runs in native code, which has the emitter compile
# each new function there, and a viper type error raised while defining
# one is caught by the loop's own handler.
import micropython


def build(n):
    total = 0
    for i in range(n):

        @micropython.native
        def sq(x):
            return x * x + i

        @micropython.viper
        def add(x: int, y: int) -> int:
            return x + y

        total += sq(i) + add(i, 2)
    return total


def bad(n):
    errors = 0
    for i in range(n):
        try:

            @micropython.viper
            def f(x: int) -> int:
                return x / 2

        except ViperTypeError:
            errors += 1
    return errors


print(build(30), bad(1))
