print((255).bit_length(), (0).bit_length(), (-1).bit_length(), (2**100).bit_length())
print((1024).to_bytes(2, "big"), (1024).to_bytes(4, "little"))
print(int.from_bytes(b"\x01\x00", "big"), int.from_bytes(b"\x01\x00", "little"))
print((-1).to_bytes(2, "big", signed=True), int.from_bytes(b"\xff\xff", "big", signed=True))
print((2**70).to_bytes(10, "big"), int.from_bytes(b"\x01" * 10, "little"))
try:
    (300).to_bytes(1, "big")
except OverflowError:
    print("OverflowError")
print((5).real, (5).imag, (5).numerator, (5).denominator, (5).conjugate())
