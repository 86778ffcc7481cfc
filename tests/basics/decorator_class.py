def register(cls):
    cls.registered = True
    return cls
@register
class A:
    pass
print(A.registered)
class B:
    @staticmethod
    def s():
        return "static"
    @classmethod
    def c(cls):
        return cls.__name__
print(B.s(), B.c(), B().c())
