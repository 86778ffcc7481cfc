def check(x):
    assert x > 0, "x must be positive, got %d" % x
    return x
print(check(5))
try:
    check(-1)
except AssertionError as e:
    print(e)
