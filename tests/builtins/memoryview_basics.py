# memoryview: a window onto a buffer's bytes, shared, not copied.
ba = bytearray(b"hello world")
mv = memoryview(ba)
print(len(mv), mv[0], mv[-1], bytes(mv[6:]), mv[1:4].tobytes())

# Writing through a view (and a view of a view) changes the bytearray.
mv[0] = 72
sub = mv[6:11]
sub[0] = ord("W")
sub[1:3] = b"OR"
print(ba, len(sub), bytes(sub[::1]))

# Views of bytes are read-only; views see the buffer's later changes.
ro = memoryview(b"abc")
try:
    ro[0] = 1
except TypeError:
    print("TypeError: read-only")
ba[1] = ord("E")
print(bytes(mv[:5]), list(mv[:3]))

# Bounds, byte values and slice lengths are checked.
for bad in (lambda: mv[11], lambda: mv.__setitem__(0, 256)):
    try:
        bad()
    except (IndexError, ValueError) as e:
        print(type(e).__name__)
try:
    mv[0:2] = b"xyz"
except ValueError:
    print("ValueError: lengths")

# Buffer consumers take views: bytes(), bytearray(), hashing, joins.
import hashlib
print(hashlib.sha256(mv[:5]).hexdigest()[:16] == hashlib.sha256(bytes(ba[:5])).hexdigest()[:16])
print(bytearray(mv[6:]), b"-".join([mv[:2], b"x"]))

# readinto fills a bytearray or a view and returns the bytes it read.
import io
f = io.BytesIO(b"0123456789")
buf = bytearray(4)
print(f.readinto(buf), buf)
view = memoryview(bytearray(8))
print(f.readinto(view[2:]), bytes(view), f.readinto(buf), f.readinto(buf))
