# The learnt append must not touch a dict that serves as globals.
class C:
    def __init__(self):
        self.a = 1
        self.f = None
        # Where exec puts the builtins: the table is as long as the
        # trained ones when `add` runs.
        setattr(self, "__builtins__", __builtins__)

    def add(self):
        self.len = lambda s: "instance's len"


for _ in range(50):
    C().add()
obj = C()
exec("def f(s):\n    r = None\n    for _ in range(30):\n        r = len(s)\n    return r\n", obj.__dict__)
print(obj.f("abc"), list(obj.__dict__)[:3])
obj.add()
print(obj.f("abc"))
