# Calls of closures in every shape: exact positional arguments (the quick
# path that puts the cells first), defaults, keywords, *args, a parameter
# that is itself captured, and generator closures made the same ways.


def outer(a, b):
    def exact(x, y):
        return (a, b, x, y)

    def defaulted(x, y=10):
        return (a, x, y)

    def keyword_only(x, *, k=5):
        return (b, x, k)

    def star(*xs):
        return (a, xs)

    def captured_param(x):
        def inner():
            return x + a

        x += 1
        return inner()

    def gen(n):
        for i in range(n):
            yield a * i + b

    def gen_default(n, step=2):
        for i in range(0, n, step):
            yield (i, a)

    return exact, defaulted, keyword_only, star, captured_param, gen, gen_default


exact, defaulted, keyword_only, star, captured_param, gen, gen_default = outer(3, 4)
for i in range(40):
    r = exact(i, -i)
print(r, exact(y=1, x=2))
print(defaulted(1), defaulted(1, 2), defaulted(x=7))
print(keyword_only(1), keyword_only(1, k=9))
print(star(), star(1, 2, 3))
print([captured_param(i) for i in range(5)])
print(list(gen(5)), sum(gen(100)))
print(list(gen_default(7)), list(gen_default(7, 3)))
print([" ".join(str(a * k) for k in range(4)) for a in [1, 2]])
words = ["x", "yy", "zzz"]
print([" ".join(words[(i + k) % 3] for k in range(4)) for i in range(3)])
try:
    exact(1)
except TypeError as e:
    print("TypeError")
try:
    gen()
except TypeError as e:
    print("TypeError")
try:
    exact(1, 2, 3)
except TypeError as e:
    print("TypeError")
