print(bytes(), bytes(2), bytes([1, 255]), bytes("abc", "utf-8"), bytes(bytearray(b"x")))
print(bytearray(), bytearray(b"ab"), bytearray(2), bytearray([5]))
try:
    bytes(-1)
except ValueError:
    print("ValueError")
try:
    bytes("abc")
except TypeError:
    print("TypeError")
