# Comparisons whose result is used by a branch right away (if / while /
# and / or / conditional expressions) and the same comparisons used as values.


def classify(a, b):
    out = []
    if a < b:
        out.append("lt")
    if a <= b:
        out.append("le")
    if a > b:
        out.append("gt")
    if a >= b:
        out.append("ge")
    if a == b:
        out.append("eq")
    if a != b:
        out.append("ne")
    if not a < b:
        out.append("not-lt")
    return out


for a, b in [(1, 2), (2, 1), (3, 3), (-5, 5), (1.5, 2.5), (2.5, 1.5), (0.5, 0.5), (1, 1.0)]:
    print(a, b, classify(a, b))

# while loops: the test sits at the bottom and jumps backward.
i, n, steps = 0, 10, 0
while i < n:
    i += 1
    steps += 1
print(i, steps)
x = 100.0
while x > 1.0:
    x *= 0.5
print(x)

# Values, not branches.
vals = [1 < 2, 2 < 1, 3 <= 3, 1.0 > 2.0, 2.0 >= 2.0]
print(vals)

# is / is not, as branches and as values.
nodes = [None, 0, "", [], None]
kinds = []
for v in nodes:
    if v is None:
        kinds.append("none")
    elif v is not None and v == 0:
        kinds.append("zero")
    else:
        kinds.append("other")
print(kinds)
a = None
b = []
print(a is None, a is not None, b is None, b is not None, not (a is b))
r = [v is not None for v in nodes]
print(r)
t = 5 if a is not None else 6
print(t)


# A linked list walked with `is not None` in the loop test.
class Node:
    def __init__(self, v, nxt):
        self.v = v
        self.nxt = nxt


head = None
for k in range(5):
    head = Node(k, head)
p, total = head, 0
while p is not None:
    total += p.v
    p = p.nxt
print(total)

# and / or chains built from comparisons.
for q in range(-2, 13, 3):
    print(q, 0 <= q < 10, q < 0 or q > 9, q > 0 and q is not None)
