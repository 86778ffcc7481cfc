# for loops over generators, which the dispatch loop resumes as frames of its
# own: breaks, exceptions through them, finally blocks, yield from, nested
# pipelines, a generator iterating itself, recursion, return values.
import sys
def g(n):
    for i in range(n):
        yield i
def h(src):
    try:
        for x in src:
            if x == 3:
                raise ValueError("boom at 3")
            yield x * 2
    finally:
        print("h finally")
def k():
    x = yield 1
    print("sent", x)
    yield from g(3)
    return 7
hh = h(g(10))
for v in hh:
    print(v)
    if v == 4: break
hh.close()
try:
    for v in h(g(10)):
        print(v)
except ValueError as e:
    print("caught", e)
print(list(k()), [v for v in k()])
gen = g(3)
for v in gen:
    print(v, gen.__next__() if v == 0 else None)
def selfref():
    yield 1
    for v in me:
        yield v
me = selfref()
try:
    for v in me: print(v)
except ValueError as e:
    print("ValueError", e)
def deep(n):
    if n == 0:
        yield 0
        return
    for v in deep(n - 1):
        yield v + 1
print(list(deep(50)), sum(deep(100)))
for v in deep(3): print("d", v)
def ret():
    yield 1
    return 5
for v in ret(): print("r", v)
else: print("else ran")
def fin():
    try:
        yield 1
        yield 2
    finally:
        print("fin closed")
for v in fin():
    print("f", v)
def exc_inside():
    try:
        yield 1
        1/0
    except ZeroDivisionError:
        yield "handled"
for v in exc_inside(): print(v)
