# Float kernel: escape-time Mandelbrot set over a grid, summed iteration counts.
import sys


def mandel(size, limit):
    total = 0
    for y in range(size):
        ci = 2.0 * y / size - 1.0
        for x in range(size):
            cr = 2.5 * x / size - 2.0
            zr = zi = 0.0
            i = 0
            while i < limit and zr * zr + zi * zi <= 4.0:
                zr, zi = zr * zr - zi * zi + cr, 2.0 * zr * zi + ci
                i += 1
            total += i
    return total


n = int(sys.argv[1]) if len(sys.argv) > 1 else 330
print(mandel(n, 50))
