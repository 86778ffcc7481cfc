class C:
    def __call__(self):
        return "called"
class D: pass
print(callable(len), callable(C), callable(C()), callable(D()), callable(1), callable(lambda: 0), callable("x".upper))
print(C()())
