# uctypes over buffers the program owns: scalar, nested, array, pointer and
# bitfield fields, both byte orders, sizeof and the buffer protocol.
import uctypes

DESC = {
    "a": uctypes.UINT8 | 0,
    "b": uctypes.INT16 | 2,
    "c": uctypes.UINT32 | 4,
    "f": uctypes.FLOAT32 | 8,
    "sub": (12, {"x": uctypes.UINT8 | 0, "y": uctypes.UINT8 | 1}),
    "arr": (uctypes.ARRAY | 14, 4, uctypes.UINT16),
    "lo": uctypes.BFUINT8 | 22 | 0 << uctypes.BF_POS | 4 << uctypes.BF_LEN,
    "hi": uctypes.BFUINT8 | 22 | 4 << uctypes.BF_POS | 4 << uctypes.BF_LEN,
    "sbf": uctypes.BFINT8 | 23 | 0 << uctypes.BF_POS | 3 << uctypes.BF_LEN,
}
print(uctypes.sizeof(DESC), uctypes.sizeof(DESC, uctypes.LITTLE_ENDIAN))

buf = bytearray(24)
s = uctypes.struct(uctypes.addressof(buf), DESC, uctypes.LITTLE_ENDIAN)
s.a = 0x1FF  # truncated to 8 bits
s.b = -2
s.c = 0xDEADBEEF
s.f = 1.5
s.sub.x = 7
s.sub.y = 9
for i in range(4):
    s.arr[i] = 1000 * (i + 1)
s.lo = 0xA
s.hi = 0x5
s.sbf = 0b101
print(s.a, s.b, hex(s.c), s.f, s.sub.x, s.sub.y)
print([s.arr[i] for i in range(4)], len(s.arr), s.arr[-1])
print(hex(s.lo), hex(s.hi), s.sbf, hex(buf[22]))
print(bytes(buf).hex())

# the same memory seen big-endian
be = uctypes.struct(uctypes.addressof(buf), DESC, uctypes.BIG_ENDIAN)
print(hex(be.c), be.b)

# arrays of structs and a byte array slice
PT = {"x": uctypes.INT8 | 0, "y": uctypes.INT8 | 1}
pts = bytearray(b"\x01\xff\x02\xfe\x03\xfd")
row = uctypes.struct(uctypes.addressof(pts), {"p": (uctypes.ARRAY | 0, 3, PT)})
print([(row.p[i].x, row.p[i].y) for i in range(3)])
raw = uctypes.struct(uctypes.addressof(pts), {"b": (uctypes.ARRAY | 0, 6, uctypes.UINT8)})
print(raw.b[1:4], uctypes.sizeof(row), uctypes.sizeof(row.p[0]))

# a pointer field: a buffer holding the address of another buffer
target = bytearray(b"\x10\x20\x30\x40")
holder = bytearray(8)
P = {"ptr": (uctypes.PTR | 0, uctypes.UINT8)}
h = uctypes.struct(uctypes.addressof(holder), P)
addr = uctypes.addressof(target)
holder[:] = addr.to_bytes(8, "little") if uctypes.sizeof(P) == 8 else addr.to_bytes(4, "little") + bytes(4)
print(h.ptr[0], h.ptr[3])
h.ptr[1] = 0x99
print(target)

# bytes_at copies, bytearray_at aliases
mem = bytearray(b"hello")
print(uctypes.bytes_at(uctypes.addressof(mem) + 1, 3))
view = uctypes.bytearray_at(uctypes.addressof(mem), 5)
view[0] = ord("j")
print(mem, len(view))

# 64-bit and float64 fields
W = {"q": uctypes.UINT64 | 0, "d": uctypes.FLOAT64 | 8, "n": uctypes.INT64 | 0}
wb = bytearray(16)
w = uctypes.struct(uctypes.addressof(wb), W, uctypes.LITTLE_ENDIAN)
w.q = 2**64 - 1
w.d = -0.25
print(w.q, w.n, w.d)

# bad use raises Python exceptions
for f in (
    lambda: s.nope,
    lambda: uctypes.sizeof(uctypes.UINT8),
    lambda: uctypes.struct(1, DESC),
    lambda: uctypes.struct(uctypes.addressof(buf), 5),
    lambda: s.arr[4],
    lambda: uctypes.struct(uctypes.addressof(buf) + 20, DESC).c,
    lambda: setattr(s, "sub", 1),
    lambda: uctypes.struct(uctypes.addressof(b"const"), {"a": uctypes.UINT8 | 0}).__setattr__("a", 1),
):
    try:
        print(f())
    except (AttributeError, TypeError, ValueError, IndexError) as e:
        print(type(e).__name__)
