data = [1, 2, 3, 4]
if (n := len(data)) > 3:
    print("long", n)
vals = []
while (x := len(vals)) < 3:
    vals.append(x)
print(vals)
print([y for v in range(5) if (y := v * 2) > 4])
print(y)
