# Calling builtin types (range, int, str, list, ...) with positional
# arguments: the interpreter and native code call the type's constructor on
# the arguments where they lie; the answers and errors are the general rule's.
def made(k):
    return (
        range(k),
        list(range(k)),
        tuple(range(k, 2 * k)),
        int(str(k)),
        str(k),
        float(k),
        bool(k),
        bytes(k),
        bytearray(k),
        set([k, k]),
        frozenset((k,)),
        dict([(k, k)]),
        list(),
        type(k),
        slice(k),
        complex(k, 1),
        enumerate([k]).__next__(),
        list(zip([k], [k + 1])),
        list(map(abs, [-k])),
        list(reversed([k, 1])),
    )


for k in range(4):
    print(made(k))


def bad(x):
    return range(x)


for arg in (1.5, "3", None):
    try:
        bad(arg)
    except TypeError as e:
        print("TypeError", e)

for args in ((), (1, 2, 3, 4)):
    try:
        range(*args)
    except TypeError as e:
        print("TypeError", type(e).__name__)

try:
    range(1, 2, 0)
except ValueError as e:
    print("ValueError", e)

try:
    int("x")
except ValueError as e:
    print("ValueError", e)


# A subclass of a builtin type, with and without its own __init__.
class R(list):
    pass


class S(list):
    def __init__(self, n):
        super().__init__(range(n))
        self.n = n


def subs(k):
    r, s = R(range(k)), S(k)
    return type(r).__name__, r, type(s).__name__, s, s.n


for k in range(3):
    print(subs(k))
