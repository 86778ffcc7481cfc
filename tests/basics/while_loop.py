i = 0
while i < 5:
    i += 1
    if i == 2:
        continue
    if i == 4:
        break
    print(i)
else:
    print("not reached")
j = 0
while j < 3:
    j += 1
else:
    print("else ran", j)
