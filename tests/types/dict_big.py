d = {}
for i in range(1000):
    d[i] = str(i)
for i in range(0, 1000, 2):
    del d[i]
print(len(d), d[999], sum(d), list(d)[:5])
d2 = {str(i): i for i in range(500)}
print(d2["250"], len(d2), "499" in d2, "500" in d2)
