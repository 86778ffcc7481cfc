o = object()
print(type(o).__name__, isinstance(o, object), o == o, o != object())
try:
    o.x = 1
except AttributeError:
    print("AttributeError")
class Plain(object):
    pass
print(Plain.__bases__ == (object,), issubclass(Plain, object))
