x = 1
class A:
    x = 2
    y = [x for _ in range(2)]
    def f(self):
        return x
print(A.x, A.y, A().f())
