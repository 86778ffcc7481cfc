# Comparisons a conditional jump tests at once, in hot code: small ints,
# floats (NaN included: unordered compares false, but != is true), a small
# int with a float, interned strs for == and !=, and operands the runtime
# compares (big ints, lists, mixed types), under `if`, `if not`, `while`
# and `and`/`or`.
nan = float("nan")
values = [0, 1, -3, 2.5, -0.0, nan, 10**20, "a", "b", [1], None]


def classify(x, y):
    out = []
    for op in range(6):
        try:
            if op == 0:
                if x < y:
                    out.append("<")
            elif op == 1:
                if not x > y:
                    out.append("!>")
            elif op == 2:
                if x == y:
                    out.append("==")
            elif op == 3:
                if x != y:
                    out.append("!=")
            elif op == 4:
                if x <= y or x >= y:
                    out.append("<=|>=")
            else:
                if x >= y and not x <= y:
                    out.append(">only")
        except TypeError:
            out.append("T")
    return "".join(out)


def count_up(limit, step):
    n = 0
    i = 0
    while i < limit:
        i += step
        n += 1
    return n


table = None
for _ in range(40):
    table = [classify(x, y) for x in values for y in values]
print(len(table))
for k in range(0, len(table), 11):
    print(table[k : k + 11])
print([count_up(10, 1), count_up(10.0, 0.5), count_up(3, 10), count_up(-1, 1)])
