# pyrite-needs: native-emitter
# @micropython.viper: machine-word arithmetic on int, uint and bool.
import micropython


@micropython.viper
def arith(x: int, y: int) -> int:
    return (x + y) * 3 - (x ^ y) + (x & 12) + (y | 1)


print(arith(5, 9), arith(-7, 3))


@micropython.viper
def divmod_(x: int, y: int) -> int:
    # Python's rounding toward minus infinity.
    return (x // y) * 1000 + x % y


for a, b in ((7, 2), (-7, 2), (7, -2), (-7, -2), (0, 5), (6, 3)):
    print(a, b, divmod_(a, b))


@micropython.viper
def shifts(x: int, n: int) -> int:
    return (x << n) + (x >> 1)


print(shifts(3, 4), shifts(-16, 2))


@micropython.viper
def wraps(x: int) -> int:
    # Machine words wrap instead of growing (64-bit here).
    return x * x * x * x * x


print(wraps(10), wraps(100000))


@micropython.viper
def unsigned(x: uint) -> uint:
    return x >> 60


print(unsigned(-1))


@micropython.viper
def less(x: int, y: int) -> bool:
    return x < y


print(less(1, 2), less(2, 1), less(-5, 3))


@micropython.viper
def uless(x: uint, y: int) -> bool:
    # uint on the left compares unsigned: -1 is the largest.
    return x < y


print(uless(-1, 3), uless(2, 3))


@micropython.viper
def count(n: int) -> int:
    s = 0
    i = 0
    while i < n:
        if i % 3 == 0 or i % 5 == 0:
            s += i
        i += 1
    return s


print(count(1000))


@micropython.viper
def ranges(n: int) -> int:
    t = 0
    for i in range(n):
        t += i
    for j in range(10, 0, -3):
        t += j * 1000
    return t


print(ranges(10))


@micropython.viper
def casts(o, b: bool) -> int:
    x = int(o)
    y = uint(o)
    z = int(b)
    return x + int(y) + z + int(bool(x))


print(casts(20, True), casts(-3, False), casts(True, False))


@micropython.viper
def big(o) -> int:
    # int() takes the low word of a big int.
    return int(o)


print(big(2**64 + 5), big(-(2**64) - 5))


@micropython.viper
def ret_uint(x: int) -> uint:
    return uint(x)


print(ret_uint(-1), ret_uint(7))


@micropython.viper
def ret_none() -> int:
    return None


print(ret_none())


@micropython.viper
def neg(x: int) -> int:
    return -x + ~x


print(neg(5))


@micropython.viper
def default_obj(x):
    # Unannotated parameters and results are objects.
    return x


print(default_obj([1, 2]))


@micropython.viper
def div0(x: int) -> int:
    return 1 // x


try:
    div0(0)
except ZeroDivisionError as e:
    print("ZeroDivisionError", e)

try:
    arith("a", 1)
except TypeError as e:
    print("TypeError", e)
