class Res:
    def __init__(self):
        self.open = False
    def __enter__(self):
        self.open = True
        return self
    def __exit__(self, et, ev, tb):
        self.open = False
        print("exit got", et.__name__ if et else None, ev)
with Res() as r:
    print("inside", r.open)
print("after", r.open)
try:
    with Res():
        raise KeyError("k")
except KeyError:
    print("propagated")
