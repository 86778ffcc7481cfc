# Pyrite presents itself as MicroPython so code takes MicroPython paths.
import sys
print(sys.implementation.name)
print(sys.implementation._mpy & 0xff, (sys.implementation._mpy >> 8) & 3)
print(len(sys.implementation.version) >= 3)
print("Pyrite" in sys.version)
import usys
print(usys is sys)
