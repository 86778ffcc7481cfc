# Generators whose code is compiled: each `yield` hands the frame to the
# interpreter, which suspends it, and the resumption goes on in native code
# after the yield (sent values, thrown exceptions, try/finally around a
# yield, `yield from`, and errors raised by native code inside a generator).


def counter(n):
    i = 0
    while i < n:
        got = yield i * 2
        if got is not None:
            i += got
        i += 1


def evens(src):
    for x in src:
        if x % 2 == 0:
            yield x


def guarded(n, log):
    try:
        for i in range(n):
            try:
                yield i
            except ValueError as e:
                log.append(("caught", i, e.args[0]))
                yield -i
    finally:
        log.append("closed")


def delegate(n):
    r = yield from counter(n)
    yield ("done", r)
    total = 0
    for v in evens(range(n)):
        total += v
    return total


def faulty(n):
    for i in range(n):
        yield 10 // (3 - i)


def accumulate():
    total = 0
    while True:
        v = yield total
        if v is None:
            return total
        total += v


for round in range(3):
    print(sum(counter(200)), list(counter(7)))
    g = counter(1000)
    out = [next(g)]
    for k in range(5):
        out.append(g.send(k))
    print(out)
    print(sum(evens(evens(range(300)))))
    log = []
    g = guarded(100, log)
    s = 0
    for v in g:
        s += v
        if v == 50:
            s += g.throw(ValueError("x"))
        if v == 80:
            g.close()
    print(s, log)
    print(list(delegate(12)))
    try:
        print(list(faulty(10)))
    except ZeroDivisionError as e:
        print("ZeroDivisionError", e)
    a = accumulate()
    next(a)
    for k in range(100):
        a.send(k)
    try:
        a.send(None)
    except StopIteration as e:
        print("returned", e.value)
