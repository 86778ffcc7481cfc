it = iter([1, 2])
print(next(it), next(it), next(it, "done"))
try:
    next(it)
except StopIteration:
    print("StopIteration")
class Countdown:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return self
    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n
print(list(Countdown(3)))
calls = [0]
def gen():
    calls[0] += 1
    return calls[0]
print(list(iter(gen, 4)))
try:
    next([1])
except TypeError:
    print("TypeError")
