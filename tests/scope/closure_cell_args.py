def make(a):
    def get():
        return a
    def set(v):
        nonlocal a
        a = v
    return get, set
g, s = make(1)
s(42)
print(g())
def loop_cells():
    fs = []
    for i in range(3):
        def f(i=i):
            return i
        fs.append(f)
    return [f() for f in fs]
print(loop_cells())
