for i in range(3):
    print(i)
for c in "ab":
    print(c)
for k, v in [(1, 2), (3, 4)]:
    print(k + v)
for x in []:
    print("never")
else:
    print("else after empty")
for x in range(10):
    if x == 3:
        break
else:
    print("not printed")
print(x)
