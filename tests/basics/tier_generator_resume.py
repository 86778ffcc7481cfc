# Generators resumed by next(), by a for loop in compiled code, or drained by
# sum/list/join: with native code, the resumption runs the generator's native
# code and suspends it at its next yield without a loop of its own.  Covers
# what that native code hands back instead: errors raised by runtime calls
# (caught inside the generator or not), returns inside try/finally, callees
# that leave their native code part way, and values a drain cannot take.


class Box:
    def __init__(self, v):
        self.v = v

    def __enter__(self):
        return self.v

    def __exit__(self, *a):
        return False


def opened(v):
    # `with` is done by the interpreter: a call of this from native code
    # leaves its frame there part way.
    with Box(v) as x:
        return x * 2


def via_callee(n):
    for i in range(n):
        yield opened(i)


def catching(keys, d):
    for k in keys:
        try:
            yield d[k]
        except KeyError as e:
            yield ("missing", e.args[0])


def finally_return(n):
    try:
        for i in range(n):
            yield i
        return "end"
    finally:
        print("finally", n)


def mixed(n):
    # Small ints, then values sum cannot fold without running code.
    for i in range(n):
        yield i
    yield 2.5
    yield 10**30
    yield -1


def words(n):
    for i in range(n):
        yield "w" + str(i)


def tree(depth):
    if depth == 0:
        yield 1
        return
    yield from tree(depth - 1)
    yield depth
    yield from tree(depth - 1)


def sub_failing(n):
    for i in range(n):
        yield i
    return {}["gone"]


def delegating(n):
    try:
        r = yield from sub_failing(n)
    except KeyError as e:
        yield ("sub failed", e.args[0])
    yield "after"


def self_resume():
    yield next(me)


def consume(g):
    out = []
    for v in g:
        out.append(v)
    return out


def first_error(keys, d):
    for k in keys:
        yield d[k]


for rnd in range(3):
    print(consume(via_callee(5)))
    print(consume(catching(["a", "z", "b"], {"a": 1, "b": 2})))
    print(consume(finally_return(3)))
    g = finally_return(10)
    print(next(g), next(g))
    g.close()
    print(sum(mixed(50)), list(mixed(3)))
    print(",".join(words(6)), sorted(words(3), reverse=True))
    print(sum(tree(8)), len(list(tree(5))))
    print(consume(delegating(3)), sum(x for x in tree(3)))
    g = delegating(5)
    print(next(g), next(g), g.throw(KeyError("thrown")), next(g))
    me = self_resume()
    try:
        next(me)
    except ValueError as e:
        print("ValueError", e)
    try:
        consume(first_error(["a", "b", "q"], {"a": 1, "b": 2}))
    except KeyError as e:
        print("KeyError", e)
    g = first_error(["a", "q", "b"], {"a": 1, "b": 2})
    print(next(g))
    try:
        next(g)
    except KeyError as e:
        print("KeyError", e)
    print(list(g))
