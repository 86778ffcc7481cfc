# __init__ returning anything but None makes the instantiation a TypeError in
# the caller (catchable there, not inside __init__), on every calling path.
class A:
    def __init__(self, x):
        self.x = x
        return x


print(A(None).x)
try:
    A(5)
except TypeError as e:
    print("TypeError", e)


def make():
    try:
        return A("s")
    except TypeError as e:
        return "caught: %s" % e


print(make())
print(list(map(A, [None, None]))[0].x)
try:
    list(map(A, [None, 7]))
except TypeError as e:
    print("TypeError", e)


class B:
    def __init__(self):
        try:
            return 1
        finally:
            print("finally in __init__")


try:
    B()
except TypeError as e:
    print("TypeError", e)


class G:
    def __init__(self):
        yield 1


try:
    G()
except TypeError as e:
    print("TypeError", e)
