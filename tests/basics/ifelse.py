for n in range(-2, 3):
    if n < 0:
        print(n, "neg")
    elif n == 0:
        print(n, "zero")
    else:
        print(n, "pos")
if []:
    print("no")
else:
    print("empty list is false")
x = 3 if 1 else 4
y = 3 if 0 else 4
print(x, y)
