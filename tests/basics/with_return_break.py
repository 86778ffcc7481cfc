class CM:
    def __enter__(self):
        print("enter")
    def __exit__(self, *a):
        print("exit", a[0])
def f():
    with CM():
        return 5
print(f())
for i in range(3):
    with CM():
        if i == 0:
            continue
        break
print("done", i)
