for a in [7, -7, 13, -13]:
    for b in [2, -2, 5, -5]:
        print(a, b, a // b, a % b, divmod(a, b))
print(divmod(2**70, 3), divmod(-(2**70), 7))
