print(len([1, 2]), len(()), len("héllo"), len(b"ab"), len({1: 2}), len({1}), len(range(10)), len(range(0, 10, 3)))
class L:
    def __len__(self):
        return 42
print(len(L()))
try:
    len(5)
except TypeError as e:
    print("TypeError", e)
