for i in range(3):
    for j in range(3):
        if j == 2:
            break
        if i == j:
            continue
        print(i, j)
    else:
        print("inner else")
result = []
for a in range(4):
    for b in range(4):
        if a * b == 6:
            result.append((a, b))
            break
print(result)
