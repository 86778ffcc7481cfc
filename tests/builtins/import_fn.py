m = __import__("sys")
print(m.__name__, type(m).__name__)
import sys as system
print(system is m)
