# Right shifts of small ints by counts at and past the machine word's width
# (32 and 64 bits), which must not overflow the shift itself.
for x in (5, -5, 1, -1, 0, 2**29, -(2**29), 2**61, -(2**61)):
    print([x >> n for n in (0, 1, 30, 31, 32, 33, 62, 63, 64, 65, 100)])
    print([x << n >> n for n in (0, 1, 31, 32, 33, 63, 64)])
