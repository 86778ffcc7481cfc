# sum() over lists and tuples by position (machine-word additions, overflow to
# bigints, floats, a start value, a list growing during the sum) and over
# other iterables.
print(sum([1, 2, 3]), sum((1.5, 2)), sum([2**62, 2**62]), sum([], 5), sum([[1], [2]], []), sum([1, 2], 0.5), sum((True, True)), sum([-2**62, -2**62, -5]))
class A:
    def __init__(self, v, lst): self.v, self.lst = v, lst
    def __radd__(self, o):
        self.lst.append(A(1, self.lst)) if len(self.lst) < 5 else None
        return o + self.v
lst = []
lst.append(A(10, lst))
print(sum(lst), len(lst))
class L(list): pass
print(sum(L([4, 5])), sum(range(10)), sum(x for x in [1, 2]))
try: sum([1, "a"])
except TypeError: print("TypeError")
try: sum(["a", "b"], "")
except TypeError: print("TypeError")
