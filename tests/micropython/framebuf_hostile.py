# framebuf with extreme coordinates and a buffer that shrinks: clipped, no crash.
import framebuf
fb = framebuf.FrameBuffer(bytearray(32), 16, 16, framebuf.MONO_VLSB)
big = 2**30  # fits a machine int on 32-bit ports too
for args in [(big, big, big, big, 1), (-big, -big, big, big, 1)]:
    fb.rect(*args); fb.fill_rect(*args); fb.rect(*args, True)
    fb.line(*args); fb.ellipse(*args); fb.ellipse(*args, True, 15)
fb.hline(-big, 3, big, 1); fb.vline(3, -big, big, 1)
fb.text("hi\u20ac\n", big, -big); fb.text("x", -3, -3)
fb.poly(big, big, [0, 0, big, big, -big, 5], 1, True)
fb.scroll(big, -big); fb.scroll(-3, 2)
fb.blit(fb, -big, big); fb.blit(fb, 3, 3, -1, None)
fb.pixel(big, big, 1)
try:
    fb.pixel(2**70, 0)
except (OverflowError, TypeError, ValueError) as e:
    print(type(e).__name__)
b = bytearray(32)
f2 = framebuf.FrameBuffer(b, 16, 16, framebuf.MONO_VLSB)
b[:] = b""  # the buffer shrinks under the frame buffer
try:
    f2.fill(1)
except ValueError as e:
    print(e)
print(sum(fb.pixel(x, y) for x in range(16) for y in range(16)))
