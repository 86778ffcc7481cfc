import struct
for fmt, args in [("<B", (256,)), ("<b", (-129,)), ("<H", (-1,)), ("<i", (2**31,))]:
    try:
        struct.pack(fmt, *args)
    except struct.error if hasattr(struct, "error") else OverflowError:
        print("error", fmt)
    except OverflowError:
        print("error", fmt)
try:
    struct.unpack("<i", b"\x00")
except Exception as e:
    print(type(e).__name__ in ("error", "ValueError"))
try:
    struct.pack("<i", "x")
except Exception as e:
    print(type(e).__name__ in ("error", "TypeError"))
try:
    struct.calcsize("<y")
except Exception as e:
    print(type(e).__name__ in ("error", "ValueError"))
