count = 0
for i in range(100):
    try:
        if i % 3 == 0:
            raise ValueError(i)
        count += 1
    except ValueError as e:
        count += 100
print(count)
