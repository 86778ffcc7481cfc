# Loops that run long enough for native code to hand the interpreter its
# safe point (one backward jump in 1024) at every kind of backward jump,
# including a `while` condition whose comparison native code fuses with the
# jump (the interpreter takes that jump again, so the operand it pops must
# have the truth that took it).  Each inner loop must run all its rounds.


def for_outer(n):
    bad = []
    total = 0
    for i in range(n):
        j = 0
        c = 0
        while j < 100:
            c += 1
            j += 1
        total += c
        if c != 100:
            bad.append((i, c))
    return total, bad


def while_outer(n):
    bad = []
    i = 0
    while i < n:
        j = 0
        c = 0
        while j < 100:
            c += 1
            j += 1
        if c != 100:
            bad.append((i, c))
        i += 1
    return bad


def mixed(n):
    # Inner loops of other lengths, so exits land on every jump in turn.
    t = 0
    for i in range(n):
        k = i % 13
        while k > 0:
            t += k
            k -= 1
        j = 0
        while not j >= 7:
            t -= 1
            j += 1
    return t


print(for_outer(2000))
print(while_outer(2000))
print(mixed(20000))
