# Generators resumed by the FOR_ITER of a hot (compiled) loop, after their
# first value: handlers saved at the yield, a generator resuming itself,
# deep chains of generators, exceptions raised between values, large
# states, and generators left half done and resumed elsewhere.


def count(n):
    for i in range(n):
        yield i


def with_handler(n):
    for i in range(n):
        try:
            yield i
        except ValueError:
            yield -1
        finally:
            pass


def raises_at(n, k):
    for i in range(n):
        if i == k:
            raise KeyError(i)
        yield i


def wide(n):
    a, b, c, d, e, f, g, h = 1, 2, 3, 4, 5, 6, 7, 8
    for i in range(n):
        a, b, c, d, e, f, g, h = b, c, d, e, f, g, h, a + i
        yield a + b + c + d + e + f + g + h


def chain(depth, n):
    if depth == 0:
        yield from count(n)
        return
    for v in chain(depth - 1, n):
        yield v + 1


def total(it):
    t = 0
    for v in it:
        t += v
    return t


for _ in range(3):
    print(total(count(100)), total(with_handler(50)), total(wide(40)))
    print(total(chain(10, 20)))
    try:
        total(raises_at(30, 17))
    except KeyError as e:
        print("KeyError", e)

# A generator whose body resumes itself: ValueError each time.
def selfish():
    yield 1
    for v in me:
        yield v


for _ in range(3):
    me = selfish()
    try:
        print(total(me))
    except ValueError as e:
        print("ValueError", e)

# Half consumed by one loop, finished by another and by next().
g = count(10)
for v in g:
    if v == 3:
        break
print(next(g), total(g))
print(next(g, "done"))

# Nested as deep as the recursion limit allows: RecursionError, not a crash.
def deep(n):
    if n == 0:
        yield 0
        yield 1
        return
    for v in deep(n - 1):
        yield v


try:
    print(total(deep(2000)))
except RecursionError:
    print("RecursionError")
print(total(deep(20)))

# Thrown into between values, then iterated again.
h = with_handler(5)
print(next(h), next(h), h.throw(ValueError), total(h))


# Left suspended inside its `try` (after the first value, resumed by the
# loop): the handler is the generator's, not the loop's frame's.
def first_then_fail(g):
    for v in g:
        if v == 1:
            break
    return v // 0


for _ in range(3):
    try:
        first_then_fail(with_handler(5))
    except ZeroDivisionError:
        print("ZeroDivisionError")
