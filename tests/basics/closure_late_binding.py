def make():
    x = 1
    def get():
        return x
    x = 2
    return get
print(make()())
def shared():
    v = []
    def add(i):
        v.append(i)
    def get():
        return v
    return add, get
add, get = shared()
add(1); add(2)
print(get())
