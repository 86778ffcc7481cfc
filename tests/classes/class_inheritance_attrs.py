class Base:
    kind = "base"
    def describe(self):
        return "%s:%s" % (type(self).__name__, self.kind)
class A(Base):
    kind = "a"
class B(A):
    pass
print(Base().describe(), A().describe(), B().describe())
B.kind = "b"
print(B().describe(), A().describe())
print(hasattr(B, "describe"), "kind" in B.__dict__, "describe" in B.__dict__)
