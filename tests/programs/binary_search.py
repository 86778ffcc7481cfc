def bsearch(a, x):
    lo, hi = 0, len(a)
    while lo < hi:
        mid = (lo + hi) // 2
        if a[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo if lo < len(a) and a[lo] == x else -1
a = list(range(0, 100, 3))
print([bsearch(a, x) for x in [0, 3, 4, 99, 97, -1]])
