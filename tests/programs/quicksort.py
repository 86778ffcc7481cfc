def qsort(a):
    if len(a) <= 1:
        return a
    pivot = a[len(a) // 2]
    return qsort([x for x in a if x < pivot]) + [x for x in a if x == pivot] + qsort([x for x in a if x > pivot])
seed = 12345
data = []
for _ in range(200):
    seed = (seed * 1103515245 + 12345) % 2**31
    data.append(seed % 1000)
print(qsort(data) == sorted(data), qsort(data)[:8])
