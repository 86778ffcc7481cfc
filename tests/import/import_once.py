import plain.counter
import plain.counter as c2
from plain import counter
print(plain.counter.bump(), c2.bump(), counter.bump(), counter is c2)
import sys
print("plain.counter" in sys.modules, sys.modules["plain.counter"] is counter)
