class Shape:
    def area(self):
        raise NotImplementedError
    def __lt__(self, other):
        return self.area() < other.area()
    def __repr__(self):
        return "%s(%.1f)" % (type(self).__name__, self.area())
class Rect(Shape):
    def __init__(self, w, h):
        self.w, self.h = w, h
    def area(self):
        return self.w * self.h
class Square(Rect):
    def __init__(self, s):
        super().__init__(s, s)
class Circle(Shape):
    def __init__(self, r):
        self.r = r
    def area(self):
        return 3.14159 * self.r ** 2
shapes = [Rect(2, 5), Square(3), Circle(1), Circle(2)]
print(sorted(shapes))
print(sum(s.area() for s in shapes) > 30, [isinstance(s, Rect) for s in shapes])
try:
    Shape().area()
except NotImplementedError:
    print("abstract")
