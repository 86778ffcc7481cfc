# Arithmetic and comparisons mixing machine-word and big ints by every path:
# both big, big with small on either side, int subclasses and bools (general
# path), zero divisors, floats.
import random
random.seed(5)
vals = [0, 1, -1, 7, -7, 2**62-1, -2**62, 2**62, 2**63, -2**63-5, 2**64+3, -(2**100)-17, 2**200//3, -(3**150), 10**40, 2**30]
for x in vals:
    for y in vals:
        r = [x + y, x - y, x * y, x == y, x < y, x <= y, x > y, x != y]
        if y != 0:
            r += [x // y, x % y, divmod(x, y)]
        print(r)
class I(int): pass
print(I(5) + 2**70, 2**70 - I(3), True + 2**70, 2**70 * False, 2**70 // True)
try: 2**70 // 0
except ZeroDivisionError as e: print(e)
try: 2**70 % 0
except ZeroDivisionError as e: print(e)
print(2**70 == 2.0**70, 2**70 < 2.0**71, 2**70 + 1.5)
