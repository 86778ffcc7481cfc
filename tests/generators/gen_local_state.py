def counter(start):
    n = start
    while n < start + 3:
        got = yield n
        if got:
            n += got
        n += 1
c = counter(10)
print(next(c), c.send(5), next(c, "done"))
gens = [counter(i * 100) for i in range(3)]
print([next(g) for g in gens], [next(g) for g in gens])
