def read():
    for line in ["10 apples", "3 pears", "bad line", "7 plums"]:
        yield line
def parse(lines):
    for l in lines:
        parts = l.split()
        try:
            yield int(parts[0]), parts[1]
        except ValueError:
            continue
def total(items):
    t = 0
    for n, name in items:
        t += n
        yield name, t
print(list(total(parse(read()))))
