t = (1, 2, 3)
print(t, len(t), t[0], t[-1], t[1:], t + (4,), t * 2, 2 in t, t.index(3), t.count(1))
print((), (1,), tuple([1, 2]), tuple("ab"), tuple(), (1, 2) < (1, 3), (1, 2) == (1, 2))
a, b, c = t
print(a + b + c, hash((1, 2)) == hash((1, 2)))
try:
    t[0] = 9
except TypeError:
    print("TypeError immutable")
print(((1, 2), (3,)), ((),), tuple(range(5))[::2])
