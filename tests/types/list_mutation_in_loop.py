l = [1, 2, 3]
for x in l:
    if x == 1:
        l.append(4)
print(l)
res = []
l = [1, 2, 3, 4]
for x in l[:]:
    if x % 2 == 0:
        l.remove(x)
print(l)
