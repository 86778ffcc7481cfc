print()
print(1, 2, 3)
print(1, 2, 3, sep=", ")
print("a", end="")
print("b", end="!\n")
print("x", "y", sep="")
print(None, True, [None])
print(*[1, 2], sep="\n")
import sys
print("to stdout", file=sys.stdout)
print("sep none", "end none", sep=None, end=None)
class W:
    def __init__(self):
        self.parts = []
    def write(self, s):
        self.parts.append(s)
w = W()
print("into", "writer", file=w)
print(w.parts)
try:
    print(1, bad=2)
except TypeError as e:
    print(e)
