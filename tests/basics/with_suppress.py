class Suppress:
    def __enter__(self):
        return self
    def __exit__(self, t, v, tb):
        print("suppressing", t.__name__ if t else None)
        return True
with Suppress():
    1 / 0
print("after")
def f():
    with Suppress():
        return "returned"
print(f())
for i in range(3):
    with Suppress():
        if i == 1:
            break
print("i =", i)
