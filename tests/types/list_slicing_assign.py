l = list(range(8))
l[1:3] = []
print(l)
l[:0] = [-1, -2]
print(l)
l[len(l):] = [100]
print(l)
l[::2] = "abcde"
print(l)
del l[1::2]
print(l)
l[1:2] = range(3)
print(l)
try:
    l[::2] = [1]
except ValueError as e:
    print("ValueError")
