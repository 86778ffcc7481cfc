print(bin(10), bin(-10), hex(0), hex(4096), oct(-8), oct(64), hex(2**64))
class Idx:
    def __index__(self):
        return 255
print(hex(Idx()), bin(Idx()))
try:
    hex(1.5)
except TypeError:
    print("TypeError")
