# framebuf drawing in every pixel format. The text glyphs are Pyrite's own font, so
# this expected output is Pyrite's (MicroPython's font draws different pixels).
import framebuf

def show(fb, w, h):
    for y in range(h):
        print("".join("#" if fb.pixel(x, y) else "." for x in range(w)))

buf = bytearray(16 * 16 // 8)
fb = framebuf.FrameBuffer(buf, 16, 16, framebuf.MONO_VLSB)
fb.fill(0)
fb.text("Py", 0, 0, 1)
fb.rect(0, 9, 16, 7, 1)
fb.line(2, 10, 13, 14, 1)
show(fb, 16, 16)
print(buf.hex())

class Disp(framebuf.FrameBuffer):
    def __init__(self, w, h):
        self.w = w
        self.buf = bytearray(w * h // 8)
        super().__init__(self.buf, w, h, framebuf.MONO_HLSB)
    def count(self):
        return sum(bin(b).count("1") for b in self.buf)

d = Disp(16, 8)
d.ellipse(7, 3, 6, 3, 1)
show(d, 16, 8)
d.fill(0)
d.ellipse(7, 3, 6, 3, 1, True)
print(d.count())
d.fill(0)
from array import array
d.poly(0, 0, array("h", [1, 1, 14, 1, 7, 7]), 1, True)
show(d, 16, 8)
d.scroll(2, 1)
show(d, 16, 8)
print(d.pixel(100, 100), d.pixel(-1, 0))

g = framebuf.FrameBuffer(bytearray(8 * 2 * 2), 8, 2, framebuf.RGB565)
g.pixel(1, 1, 0xF800)
g.hline(0, 0, 8, 0x07E0)
print([hex(g.pixel(x, y)) for y in range(2) for x in range(3)])
for fmt in (framebuf.GS2_HMSB, framebuf.GS4_HMSB, framebuf.GS8, framebuf.MONO_HMSB):
    b = bytearray(8 * 4)
    f = framebuf.FrameBuffer(b, 8, 4, fmt)
    f.pixel(3, 2, 3)
    f.vline(0, 0, 4, 1)
    print(fmt, [f.pixel(3, 2), f.pixel(0, 3), f.pixel(1, 3)], b.hex())

# blit with a key colour and a palette
spr = framebuf.FrameBuffer(bytearray(b"\x81\x42\x24\x18"), 4, 8, framebuf.MONO_VLSB)
canvas = framebuf.FrameBuffer(bytearray(8 * 8), 8, 8, framebuf.GS8)
canvas.fill(5)
pal = framebuf.FrameBuffer(bytearray(2), 2, 1, framebuf.GS8)
pal.pixel(0, 0, 9)
pal.pixel(1, 0, 7)
canvas.blit(spr, 2, 0, 9, pal)
for y in range(8):
    print("".join(str(canvas.pixel(x, y)) for x in range(8)))
canvas.blit((bytearray(b"\xff"), 8, 1, framebuf.MONO_HLSB), 0, 7)
print([canvas.pixel(x, 7) for x in range(8)])

for bad in (lambda: framebuf.FrameBuffer(bytearray(1), 16, 16, framebuf.MONO_VLSB),
            lambda: framebuf.FrameBuffer(b"\x00" * 32, 16, 16, framebuf.MONO_VLSB),
            lambda: framebuf.FrameBuffer(bytearray(32), 16, 16, 9),
            lambda: fb.poly(0, 0, [1, 2, 3], 1)):
    try:
        bad()
    except (ValueError, TypeError) as e:
        print(type(e).__name__)
