def find(seq, target):
    i = 0
    while i < len(seq):
        if seq[i] == target:
            break
        i += 1
    else:
        return -1
    return i
print(find([1, 2, 3], 2), find([1, 2, 3], 9), find([], 1))
n = 10
while n:
    n -= 3
    if n < 0:
        print("negative", n)
        break
