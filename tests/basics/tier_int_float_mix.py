# Binary operators compiled while they had seen one kind of operand (small
# ints, or inline floats), then given the other kind, big ints, or values
# with no inline encoding.


def arith(a, b):
    return a * b + a - b, a < b, a == b, a >= b, (a / b if b else 0)


def mixed(a, b):
    return a * 2 + a, a * b, a != b


for i in range(40):
    arith(i, 3)
    mixed(0.5 * i, 0.25)

print(arith(1.5, 2.0), arith(2, 0.5), arith(3, 4), arith(-7, 2))
print(arith(1e300, 1e300), arith(2.0**-1074, 2.0))
print(mixed(1, 2), mixed(2**70, 3), mixed(1.0, 2), mixed("a", 3)[1])


def loop(xs):
    t = 0
    for x in xs:
        t = t + x * 2
        if t > 10**6:
            t = t // 2
    return t


print(loop(range(100)), loop([0.5] * 100), loop([1, 2.5, 3, 4.25] * 30))
