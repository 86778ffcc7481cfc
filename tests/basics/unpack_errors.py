try:
    a, b = [1, 2, 3]
except ValueError as e:
    print("ValueError", e)
try:
    a, b, c = [1, 2]
except ValueError as e:
    print("ValueError")
try:
    a, b = 5
except TypeError as e:
    print("TypeError", e)
# Tuples and lists of the right length unpack in place, in order; other
# lengths and other iterables take the general path.
a, b, c = (1, 2, 3)
print(a, b, c)
x, y = [[1], (2,)]
print(x, y)
(p, q), r = (("p", "q"), "r")
print(p, q, r)
for i, (j, k) in enumerate([(1, 2), (3, 4)]):
    print(i, j, k)
s, t = "st"
print(s, t)
try:
    a, b = ()
except ValueError as e:
    print("ValueError")  # the message differs: MicroPython's wording
try:
    (a,) = (1, 2)
except ValueError as e:
    print("ValueError", e)
(single,) = [42]
print(single)
