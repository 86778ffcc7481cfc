# A generator resumed by a compiled for loop whose own run grows the value
# stack (a deep recursion moves its buffer) and allocates enough to collect:
# its state is saved back into the same generator afterwards, and the loop
# goes on with the moved stack.


def deep(n):
    if n == 0:
        return [0]
    return deep(n - 1) + [n]


def growing(rounds):
    total = 0
    for r in range(rounds):
        depth = 50 + r * 40
        items = deep(depth)
        total += len(items)
        junk = [str(k) * 3 for k in range(200)]
        yield (r, len(items), len(junk), total)


def consume(rounds):
    seen = []
    for t in growing(rounds):
        seen.append(t)
    return seen


for _ in range(3):
    out = consume(12)
print(out[0], out[-1], len(out))


def locals_kept(n):
    a, b, c = "x", [1], {"k": 2}
    for i in range(n):
        deep(30 + i * 20)
        b.append(i)
        yield a * (i % 3), len(b), c["k"] + i


for _ in range(3):
    print([v for v in locals_kept(8)][-2:])
