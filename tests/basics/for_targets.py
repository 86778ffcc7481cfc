# for loops storing each value into different kinds of targets: a local, a
# global, an attribute, a subscript, unpacked names, a starred target, a
# closure cell; over ranges, lists, tuples, strings and generators.

g = None


class Box:
    pass


def run():
    global g
    out = []
    for i in range(3):
        out.append(i)
    for g in [10, 20]:
        out.append(g)
    b = Box()
    for b.v in (7, 8):
        out.append(b.v)
    d = {}
    arr = [0, 0]
    for d["k"] in "xy":
        out.append(d["k"])
    for arr[1] in range(5, 7):
        out.append(arr[:])
    for a, c in [(1, 2), (3, 4)]:
        out.append(a + c)
    for first, *rest in ["abc", "de"]:
        out.append((first, rest))
    cell = None

    def read():
        return cell

    for cell in (x * x for x in range(3)):
        out.append(read())
    for i in range(10, 0, -4):
        out.append(i)
    for i in []:
        out.append("never")
    out.append(i)
    return out


print(run())
print(g)
for m in range(2):
    pass
print(m)
