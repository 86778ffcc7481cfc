# Loops of small-int arithmetic, the code the compiler tier runs natively:
# results at the edges of the small-int range (overflow to big ints), floor
# division and modulo for every sign, truth of bools/None/ints in branches,
# values changing type in the middle of a loop, and an unbound local.


def edges():
    out = []
    for a in (2**62 - 1, -(2**62), 2**61, -(2**61), 3, -3, 0):
        for b in (1, -1, 2, -2, 2**62 - 1, 7):
            r = [a + b, a - b, a * b, a & b, a | b, a ^ b]
            if b:
                r += [a // b, a % b]
            out.append(r)
    return out


for row in edges():
    print(row)


def divmods():
    s = 0
    for x in range(-20, 21):
        for y in (-7, -3, -1, 1, 3, 7):
            s = s * 3 + x // y + x % y
            s %= 1000003
    return s


print(divmods())


def counting(n):
    i, acc, flips = 0, 0, 0
    flag = False
    while i < n:
        if i % 3 == 0 and not flag:
            flips += 1
        flag = i & 1 == 0
        acc += i if i < n // 2 else -i
        i += 1
    return acc, flips


print(counting(5000))


def changes_type(n):
    v = 0
    for i in range(n):
        if i == n // 2:
            v = v + 0.5
        v = v + i
    return v


print(changes_type(3000))


def truthy(vals):
    n = 0
    for v in vals:
        if v:
            n += 1
        while v:
            v = None
    return n


print(truthy([0, 1, -1, True, False, None, 2**70, 0.0, "", "x", [], [0]]))


def grows():
    x = 1
    steps = 0
    while x < 10**30:
        x = x * 3 + 1
        steps += 1
    return steps, x


print(grows())


def unbound(n):
    i = 0
    while i < n:
        if i == 3:
            del j
        j = i
        i += 1
    return j


try:
    unbound(10)
except NameError as e:
    print(type(e).__name__)

t = 0
for k in range(20000):
    t += k * k % 11 - (k >> 2 & 3)
print(t)
