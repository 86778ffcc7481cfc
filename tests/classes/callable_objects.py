class Adder:
    def __init__(self, n):
        self.n = n
    def __call__(self, x):
        return x + self.n
add3 = Adder(3)
print(add3(4), list(map(add3, [1, 2])), callable(add3), sorted([3, 1], key=Adder(-1)))
