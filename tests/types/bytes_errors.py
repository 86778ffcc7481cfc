try:
    bytes([256])
except ValueError:
    print("ValueError range")
try:
    b"a" + "b"
except TypeError:
    print("TypeError concat")
try:
    b"\xff".decode()
except UnicodeError:
    print("UnicodeError")
b = b"abc"
try:
    b[0] = 1
except TypeError:
    print("TypeError immutable")
