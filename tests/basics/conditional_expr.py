for v in [0, 1, 2]:
    print("zero" if v == 0 else "one" if v == 1 else "many")
print((1 if True else 2) + 10)
