def f(a, b=1):
    pass
class C:
    def m(self, x):
        pass
for call in [lambda: f(), lambda: f(1, 2, 3), lambda: C().m(), lambda: C().m(1, 2), lambda: C.m(1), lambda: (lambda: 0)(1), lambda: f(1, b=2, c=3)]:
    try:
        call()
        print("ok")
    except TypeError:
        print("TypeError")
