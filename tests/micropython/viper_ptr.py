# pyrite-needs: native-emitter
# Viper pointers: ptr8/ptr16/ptr32 reads and writes into buffers.
import micropython
import array


@micropython.viper
def fill(buf, n: int, step: int):
    p = ptr8(buf)
    for i in range(n):
        p[i] = i * step


b = bytearray(8)
fill(b, 8, 40)
print(b)


@micropython.viper
def total(buf, n: int) -> int:
    p = ptr8(buf)
    s = 0
    for i in range(n):
        s += p[i]
    return s


print(total(b, 8), total(b"\x01\x02\xff", 3))


@micropython.viper
def halves(p: ptr16, n: int) -> int:
    s = 0
    for i in range(n):
        p[i] = p[i] + 1
        s += p[i]
    return s


a = array.array("H", [1, 2, 65535, 1000])
print(halves(a, 4), list(a))


@micropython.viper
def words(p: ptr32, n: int):
    for i in range(n):
        p[i] = p[i] * 2


w = array.array("I", [1, 2, 3, 0x80000000])
words(w, 4)
print(list(w))


@micropython.viper
def bytes_of_words(buf) -> int:
    # A ptr8 over a ptr32's buffer: little-endian bytes.
    p = ptr8(buf)
    return p[0] + (p[1] << 8) + (p[4] << 16)


print(bytes_of_words(array.array("I", [0x1234, 0x56])))


@micropython.viper
def arith(buf) -> int:
    # Pointer arithmetic is in bytes.
    p = ptr8(buf)
    q = p + 2
    q[0] = 88
    return q[1]


c = bytearray(b"abcd")
print(arith(c), c)


@micropython.viper
def stores_truncate(buf):
    p = ptr8(buf)
    p[0] = 0x1FF
    p[1] = -1


d = bytearray(2)
stores_truncate(d)
print(d)


@micropython.viper
def oob(buf, i: int) -> int:
    return ptr8(buf)[i]


for i in (0, 3, 4, -1, 1 << 40):
    try:
        print(i, oob(b"wxyz", i))
    except IndexError as e:
        print(i, "IndexError", e)


@micropython.viper
def oob_store(buf, i: int):
    p = ptr32(buf)
    p[i] = 7


e = bytearray(9)
for i in (0, 1, 2):
    try:
        oob_store(e, i)
        print(i, e)
    except IndexError as x:
        print(i, "IndexError", x)


@micropython.viper
def null_ptr(o) -> int:
    p = ptr8(o)
    return p[0]


try:
    null_ptr(None)
except IndexError as x:
    print("None:", x)

try:
    null_ptr([1, 2])
except TypeError as x:
    print("TypeError", x)


@micropython.viper
def grow_while_held(buf):
    # A call that may resize the buffer: the pointer follows it.
    p = ptr8(buf)
    p[0] = 1
    buf.extend(bytes(1000))
    p[999] = 2


g = bytearray(1)
grow_while_held(g)
print(len(g), g[0], g[999])


@micropython.viper
def swap_and_grow(a, b) -> int:
    # Pointers swapped through the stack keep their own buffers, also after
    # a call that moves one of them.
    p = ptr8(a)
    q = ptr8(b)
    p, q = q, p
    a.extend(bytes(2000))
    r = p
    p = ptr8(b)
    return q[1999] * 1000000 + r[0] * 1000 + p[0] + q[0]


print(swap_and_grow(bytearray(b"\x07"), bytearray(b"\x09")))


import uctypes


@micropython.viper
def at_address(addr: int, i: int) -> int:
    # An int address inside a live buffer reaches that buffer.
    return ptr8(addr)[i]


h = bytearray(b"ABCD")
print(at_address(int(uctypes.addressof(h)) + 1, 0), at_address(int(uctypes.addressof(h)) + 1, 2))
try:
    at_address(int(uctypes.addressof(h)) + 1, 3)
except IndexError as e:
    print("IndexError", e)
try:
    at_address(8, 0)
except ValueError as e:
    print("ValueError", e)
