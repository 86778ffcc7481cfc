# Generators and closures: pipelines of generators, generator expressions,
# closures as counters and accumulators.
import sys


def numbers(n):
    for i in range(n):
        yield i


def evens(src):
    for x in src:
        if x % 2 == 0:
            yield x


def scaled(src, k):
    for x in src:
        yield x * k


def make_acc():
    total = 0

    def add(x):
        nonlocal total
        total += x
        return total

    return add


def run(n):
    acc = make_acc()
    last = 0
    for v in scaled(evens(numbers(n)), 3):
        last = acc(v)
    g = sum(x * x for x in range(n) if x % 3 == 0)
    adders = [(lambda k: (lambda x: x + k))(k) for k in range(10)]
    t = 0
    for i in range(n // 10):
        t += adders[i % 10](i)
    return last, g % 1000003, t


n = int(sys.argv[1]) if len(sys.argv) > 1 else 1600000
print(run(n))
