ba = bytearray(b"abc")
ba[0] = 65
ba.append(100)
ba.extend(b"ef")
print(ba, len(ba), ba[1], ba[-2:], bytes(ba))
ba += b"!"
print(ba, ba.pop(), ba)
del ba[0]
print(ba, bytearray(3), bytearray([1, 2]), bytearray("hi", "utf-8"))
ba[1:3] = b"XYZ"
print(ba, ba.decode(), ba.upper(), ba == b"bXYZdef")
