def adder(n):
    def add(x):
        return x + n
    return add
a5 = adder(5)
print(a5(1), adder(10)(1))
fs = [lambda x, i=i: x + i for i in range(3)]
print([f(10) for f in fs])
fs2 = [lambda: i for i in range(3)]
print([f() for f in fs2])
def nest():
    a = 1
    def l1():
        b = 2
        def l2():
            return a + b
        return l2
    return l1()()
print(nest())
