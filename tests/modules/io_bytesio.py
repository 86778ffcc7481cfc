import io
b = io.BytesIO()
b.write(b"\x00\x01")
b.write(bytearray(b"xy"))
print(b.getvalue(), b.tell())
b.seek(0)
print(b.read(1), b.read(), b.read())
b = io.BytesIO(b"first\nsecond\n")
print(b.readline(), b.readline(), b.readline())
try:
    io.BytesIO().write("str")
except TypeError:
    print("TypeError")
b.close()
try:
    b.read()
except ValueError:
    print("ValueError closed")
