# Unbounded recursion through operators, comparisons and sort keys (which
# call Python functions directly) raises RecursionError, on every tier.
class A:
    def __add__(self, o):
        return self + o
    def __lt__(self, o):
        return self < o
try:
    A() + 1
except RecursionError as e:
    print("RecursionError")
try:
    A() < 1
except RecursionError as e:
    print("RecursionError")
print(sorted([3, 1, 2], key=lambda v: -v))
def k(v):
    return k(v)
try:
    sorted([1, 2], key=k)
except RecursionError:
    print("RecursionError")
