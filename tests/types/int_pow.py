print(2 ** 0, 0 ** 0, (-2) ** 3, 2 ** -1, 10 ** -2)
print(pow(3, 4), pow(3, 4, 5), pow(2, 100, 1000007), pow(-3, 3, 7), pow(3, 2, -5))
print(7 ** 30)
try:
    pow(2, -1, 5)
except ValueError:
    print("ValueError")
try:
    0 ** -1
except ZeroDivisionError:
    print("ZeroDivisionError")
