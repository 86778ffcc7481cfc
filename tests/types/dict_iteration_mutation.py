d = {i: i * i for i in range(5)}
for k in d:
    d[k] += 1
print(d)
for k, v in d.items():
    print(k, v, end="; ")
print()
try:
    for k in d:
        d[k + 100] = 0
except RuntimeError:
    print("RuntimeError")
