class CM:
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        print("enter", self.name)
        return self.name.upper()
    def __exit__(self, t, v, tb):
        print("exit", self.name, t.__name__ if t else None)
        return False
with CM("a") as x:
    print("body", x)
with CM("b"), CM("c") as y:
    print("two", y)
try:
    with CM("d"):
        raise ValueError("oops")
except ValueError as e:
    print("caught", e)
