# Calls between functions the compiler tier runs natively, made directly
# (the callee's native code runs from the caller's call, and its return
# comes straight back), and every way such a callee can stop before its
# return: a step native code leaves for, an exception, a loop that runs
# long, a call nested deeper than direct calls go.  The same results as
# interpreted calls, in every tier.


def add(a, b):
    return a + b


def twice(x):
    return add(x, x) + add(x, 1) - 1


def chain(n):
    t = 0
    for i in range(n):
        t += twice(i)
    return t


print(chain(50))


# The callee leaves native code in the middle (a try: the interpreter runs
# it); the caller goes on after the call in the interpreter.
def guarded(x):
    y = x * 3
    try:
        y = y // (x - 5)
    except ZeroDivisionError:
        y = -1
    return y + 1


def calls_guarded(n):
    out = []
    for i in range(n):
        out.append(guarded(i) + i)
    return out


print(calls_guarded(10))


# Three levels, the innermost leaving: each level goes on in the interpreter.
def inner(x):
    if x % 3 == 0:
        try:
            return x * 10
        finally:
            pass
    return x


def middle(x):
    return inner(x) + inner(x + 1)


def outer(n):
    t = 0
    for i in range(n):
        t += middle(i) * 2
    return t


print(outer(30))


# Exceptions raised in native callees, caught at different depths.
def divide(a, b):
    return a // b


def ratio(a, b):
    return divide(a, b) + 1


def safe_ratio(a, b):
    try:
        return ratio(a, b)
    except ZeroDivisionError:
        return None


print([safe_ratio(10, b) for b in (3, 0, 2, 0, 5)])


def count_errors(n):
    bad = 0
    for i in range(n):
        try:
            ratio(i, i % 4)
        except ZeroDivisionError:
            bad += 1
    return bad


print(count_errors(40))


# An exception from a call with effects, raised in a callee run directly:
# raised once, where it was raised (not by running the call again).
def noisy(x, tag="noisy"):
    print(tag, x)
    raise ValueError(x)


def relay(x):
    return noisy(x) + 1


def catch_relay(n):
    out = 0
    for i in range(n):
        try:
            relay(i)
        except ValueError as e:
            out += e.args[0]
    return out


print(catch_relay(6))


# A callee whose loop runs long in native code (past the back-edge budget).
def spin(n):
    t = 0
    i = 0
    while i < n:
        t += i & 7
        i += 1
    return t


def calls_spin():
    return spin(5000) + spin(3000) + 1


print(calls_spin())


# Recursion: deeper than direct calls nest, and too deep for the VM.
def depth(n):
    if n == 0:
        return 0
    return depth(n - 1) + 1


print(depth(10), depth(100), depth(300))


def forever(n):
    return forever(n + 1) + 1


try:
    forever(0)
except RecursionError:
    print("RecursionError")
print(depth(20))


# Closures, methods, and classes whose __init__ runs natively.
def make_adder(k):
    def adder(x):
        return x + k

    return adder


add5 = make_adder(5)


def use_adder(n):
    t = 0
    for i in range(n):
        t += add5(i)
    return t


print(use_adder(20))


class Vec:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def dot(self, other):
        return self.x * other.x + self.y * other.y

    def scaled(self, k):
        return Vec(self.x * k, self.y * k)


def vec_sum(n):
    t = 0
    v = Vec(1, 2)
    for i in range(n):
        w = v.scaled(i)
        t += w.dot(v)
    return t


print(vec_sum(25))


class Odd:
    def __init__(self, x):
        self.x = x
        return x


def make_odd():
    try:
        Odd(3)
    except TypeError:
        return "TypeError"


print(make_odd(), make_odd())


# Argument counts that do not fit, and other callables, take the general path.
def two(a, b):
    return a - b


def misuse():
    out = []
    for args in ((1, 2), (1,), (1, 2, 3)):
        try:
            out.append(two(*args))
        except TypeError:
            out.append("TypeError")
    return out


print(misuse())


# Generators called from native code are not run directly.
def gen(n):
    for i in range(n):
        yield i * i


def total(n):
    t = 0
    for i in range(n):
        t += sum(gen(i))
    return t


print(total(12))


# The value stack grows (and may move) while native callers wait.
def grow(n, acc):
    if n == 0:
        return len(acc)
    return grow(n - 1, acc + [n]) + 0


print(grow(150, []))
