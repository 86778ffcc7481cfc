# Runaway recursion raises RecursionError without overflowing the Rust stack.
def down(n):
    return down(n + 1)
try:
    down(0)
except RecursionError as e:
    print(type(e).__name__, e)
class Node:
    def __repr__(self):
        return repr(self)
try:
    repr(Node())
except RecursionError:
    print("RecursionError through native calls")
def deep(n):
    return n if n == 0 else deep(n - 1)
print(deep(900))
