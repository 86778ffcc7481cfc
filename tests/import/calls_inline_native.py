# Calls between functions with native code, which native code makes itself
# (pushing the callee's frame): results, exceptions, handlers, frames left
# for the interpreter, recursion limits and the callee's own globals.
import gc
import plain.callees as helper


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def is_even(n):
    if n == 0:
        return True
    return is_odd(n - 1)


def is_odd(n):
    if n == 0:
        return False
    return is_even(n - 1)


for k in range(3):
    print("fib", fib(15), is_even(100 + k), is_odd(77))


# Deeper than the nesting of direct calls on the machine stack, then past
# the recursion limit: RecursionError, and calls go on afterwards.
def depth(n):
    if n == 0:
        return 0
    return depth(n - 1) + 1


print("depth", depth(300))
try:
    depth(100000)
except RuntimeError as e:
    print("deep", type(e).__name__)
print("depth again", depth(150))


# Exceptions raised in a callee: caught by the caller, in the callee's own
# handler, or after a finally in the callee.
def divide(a, b):
    return a // b


def safe_divide(a, b):
    try:
        return divide(a, b)
    except ZeroDivisionError:
        return "zero"


log = []


def with_finally(x):
    try:
        return divide(100, x)
    finally:
        log.append(x)


def twice(x):
    return with_finally(x) + with_finally(x)


for b in (5, 0, 7):
    print("safe", safe_divide(10, b))
    try:
        print("twice", twice(b))
    except ZeroDivisionError as e:
        print("caught", type(e).__name__)
print("log", log)


# A callee that leaves for the interpreter part-way (an import in the
# function, a class body) and returns from there.
def leaves(n):
    import sys
    class K:
        v = n * 2
    return K.v + len(sys.argv) * 0


def calls_leaver(n):
    return leaves(n) + leaves(n + 1)


for k in range(4):
    print("leaves", calls_leaver(k))


# Methods (CALL_METHOD with the object first), and a function found as a
# plain attribute (no object to pass).
class Counter:
    def __init__(self):
        self.n = 0

    def bump(self, by):
        self.n = self.n + by
        return self.n

    def bump_twice(self, by):
        return self.bump(by) + self.bump(by)


c = Counter()
c.fn = fib
for k in range(3):
    print("method", c.bump_twice(k), c.fn(10), helper.scaled(k))


# Callees that the inline call leaves to the runtime: a closure, defaults,
# keyword arguments, a generator, a builtin; and the callee rebound.
def make_adder(k):
    def add(x):
        return x + k
    return add


add3 = make_adder(3)


def with_default(a, b=10):
    return a + b


def gen(n):
    for i in range(n):
        yield i


def mixed(x):
    return add3(x) + with_default(x) + with_default(x, b=1) + sum(gen(x)) + abs(-x)


for k in range(3):
    print("mixed", mixed(k))


def first(x):
    return x + 1


def second(x):
    return x * 100


def call_f(x):
    return f(x)


f = first
print("rebound", call_f(1), call_f(2))
f = second
print("rebound", call_f(1), call_f(2))


# The collector runs inside a callee: the frames native code pushed are
# the interpreter's frames, with their values held.
def make(n):
    gc.collect()
    return [n] * 3


def keep(n):
    a = make(n)
    b = make(n + 1)
    return a + b


for k in range(3):
    print("keep", keep(k))


# A function of another module runs with that module's globals.
def across(k):
    return helper.scaled(k) + helper.bump()


for k in range(3):
    print("across", across(k))
print("module counter", helper.counter)
