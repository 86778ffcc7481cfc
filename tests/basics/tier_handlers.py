# try/except/finally, dicts, sets, slices, nested functions and `del` inside
# hot loops: native code sets handlers up and ends them itself, and the
# interpreter hands a caught exception's handler back to native code.


class Odd(Exception):
    pass


def check(i):
    if i & 1:
        raise Odd(i)
    return i


def handlers(n):
    caught = total = 0
    for i in range(n):
        try:
            total += check(i)
        except Odd as e:
            caught += e.args[0] & 3
        finally:
            total += 1
        try:
            {}[i]
        except KeyError:
            caught += 1
        try:
            if i % 5 == 0:
                raise ValueError(i)
        except (TypeError, ValueError) as e:
            caught += 10
        else:
            total += 2
    return caught, total


print(handlers(200))


def finally_flow(n):
    # A finally entered by return, break and continue: the interpreter
    # resumes them.
    out = []
    for i in range(n):
        try:
            if i == 3:
                continue
            if i == n - 2:
                break
            out.append(i)
        finally:
            out.append(-i)
    return out


def returns_in_try(i):
    try:
        if i % 2:
            return "odd %d" % i
    finally:
        i += 100
    return "even %d" % i


print(finally_flow(8))
print([returns_in_try(i) for i in range(6)])


def builds(n):
    acc = 0
    for i in range(n):
        d = {"a": i, "b": i * 2, i: "x"}
        s = {i % 3, i % 5, 7}
        t = (i, i + 1, i + 2)
        sl = list(range(12))[i % 4 : i % 4 + 5 : 2]
        acc += d["b"] + len(s) + sum(t) + sum(sl) + len(d)
    return acc, sorted(s), sl


print(builds(300))


def makers(n):
    fs = []
    for i in range(n):

        def f(x, k=i):
            return x * k

        def g(x):
            return x + i

        fs.append(f(2) + g(1) + (lambda y=i: y)())
    return sum(fs)


print(makers(100))


def deletes(n):
    out = 0
    for i in range(n):
        v = i * 3
        out += v
        del v
        try:
            out += v
        except NameError:
            out += 1
    return out


print(deletes(150))


def nested(n):
    log = []
    for i in range(n):
        try:
            try:
                if i % 3 == 0:
                    raise KeyError(i)
                log.append("a")
            finally:
                log.append("f")
        except KeyError as e:
            log.append("k%d" % e.args[0])
    return "".join(log)[:60], len(log)


print(nested(90))


def reraise(n):
    seen = 0
    for i in range(n):
        try:
            try:
                raise IndexError(i)
            finally:
                seen += 1
        except IndexError:
            seen += 2
    return seen


print(reraise(120))
