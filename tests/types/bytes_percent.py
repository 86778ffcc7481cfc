# printf-style formatting of bytes and bytearray
print(b"%d-%05d|%x|%X|%o" % (42, -7, 255, 255, 8))
print(b"%s and %b" % (b"raw", bytearray(b"arr")))
print(b"%r %a" % ("h\xe9", "\u20ac"))
print(b"%c%c" % (65, b"B"))
print(b"%.3f|%e|%g" % (3.14159, 12345.678, 0.0001))
print(b"%(x)s=%(y)d" % {b"x": b"key", b"y": 3})
print(b"%-6s|%6s|" % (b"ab", b"cd"))
print(b"100%%")
print(bytearray(b"%d items") % 3)
print(type(bytearray(b"%d") % 1).__name__)
print(b"\xff%s\x00" % b"\x80")
for bad in [(b"%s", "str"), (b"%c", 256), (b"%c", "x"), (b"%d", b"1"), (b"%d %d", (1,)), (b"%d", (1, 2))]:
    try:
        print(bad[0] % bad[1])
    except (TypeError, ValueError, OverflowError) as e:
        print(type(e).__name__)
