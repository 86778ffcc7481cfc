# Exceptions in loops: raise and catch, try/finally, custom exception classes.
import sys


class Odd(Exception):
    pass


def check(i):
    if i & 1:
        raise Odd(i)
    return i


def run(n):
    caught = 0
    total = 0
    for i in range(n):
        try:
            total += check(i)
        except Odd as e:
            caught += e.args[0] & 3
        finally:
            total += 1
        try:
            {}[i]
        except KeyError:
            caught += 1
    return caught, total


n = int(sys.argv[1]) if len(sys.argv) > 1 else 450000
print(run(n))
