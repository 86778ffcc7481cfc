d = {1: 1}
try:
    for k in d:
        del d[k]
except RuntimeError as e:
    print("RuntimeError", e)
s = {1, 2}
try:
    for x in s:
        s.add(x + 10)
except RuntimeError as e:
    print("RuntimeError", e)
def g():
    yield
gen = g()
next(gen)
try:
    gen.send(1)
except StopIteration:
    print("StopIteration")
