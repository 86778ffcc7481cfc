# Object-heavy floats: a small ray tracer with a vector class (operator
# dunders), spheres, shadows and one reflection; prints a pixel checksum.
import sys


class Vec:
    __slots__ = ("x", "y", "z")

    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z

    def __add__(self, o):
        return Vec(self.x + o.x, self.y + o.y, self.z + o.z)

    def __sub__(self, o):
        return Vec(self.x - o.x, self.y - o.y, self.z - o.z)

    def __mul__(self, k):
        return Vec(self.x * k, self.y * k, self.z * k)

    def dot(self, o):
        return self.x * o.x + self.y * o.y + self.z * o.z

    def norm(self):
        return self * (1.0 / self.dot(self) ** 0.5)


class Sphere:
    def __init__(self, centre, radius, shade):
        self.centre = centre
        self.radius = radius
        self.shade = shade

    def hit(self, origin, direction):
        oc = origin - self.centre
        b = oc.dot(direction)
        c = oc.dot(oc) - self.radius * self.radius
        disc = b * b - c
        if disc < 0:
            return None
        t = -b - disc ** 0.5
        return t if t > 1e-6 else None


SCENE = [
    Sphere(Vec(0.0, -1000.5, 3.0), 1000.0, 0.6),
    Sphere(Vec(0.0, 0.0, 3.0), 0.5, 0.9),
    Sphere(Vec(1.0, 0.0, 4.0), 0.5, 0.7),
    Sphere(Vec(-1.0, 0.2, 3.5), 0.4, 0.8),
]
LIGHT = Vec(-2.0, 4.0, -1.0).norm()


def trace(origin, direction, depth):
    best, best_t = None, 1e30
    for s in SCENE:
        t = s.hit(origin, direction)
        if t is not None and t < best_t:
            best, best_t = s, t
    if best is None:
        return 0.2
    p = origin + direction * best_t
    n = (p - best.centre).norm()
    light = max(0.0, n.dot(LIGHT))
    for s in SCENE:
        if s is not best and s.hit(p, LIGHT) is not None:
            light *= 0.3
            break
    colour = best.shade * (0.1 + 0.9 * light)
    if depth > 0:
        r = direction - n * (2 * direction.dot(n))
        colour = 0.8 * colour + 0.2 * trace(p, r, depth - 1)
    return colour


def render(size):
    eye = Vec(0.0, 0.0, 0.0)
    total = 0
    for j in range(size):
        for i in range(size):
            d = Vec((i - size / 2) / size, (size / 2 - j) / size, 1.0).norm()
            total += int(trace(eye, d, 1) * 255)
    return total


n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
print(render(n))
