def count(n):
    i = 0
    while i < n:
        yield i
        i += 1
print(list(count(4)), sum(count(10)))
g = count(2)
print(next(g), next(g), next(g, "end"))
def empty():
    return
    yield
print(list(empty()))
