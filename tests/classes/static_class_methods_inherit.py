class A:
    @classmethod
    def create(cls):
        return cls()
    @staticmethod
    def helper(x):
        return x * 2
    def __repr__(self):
        return type(self).__name__ + "()"
class B(A):
    pass
print(A.create(), B.create(), B.helper(4), B().create(), A.helper(1))
