def make_gens():
    gens = []
    for i in range(3):
        def g(i=i):
            for k in range(i):
                yield i
        gens.append(g())
    return gens
print([list(g) for g in make_gens()])
def counter_gen():
    count = 0
    def inc():
        nonlocal count
        count += 1
        return count
    while count < 3:
        yield inc()
print(list(counter_gen()))
