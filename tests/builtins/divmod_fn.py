print(divmod(17, 5), divmod(-17, 5), divmod(17.5, 5), divmod(-17.5, 5), divmod(10**20, 7))
try:
    divmod(1, 0)
except ZeroDivisionError:
    print("ZeroDivisionError")
