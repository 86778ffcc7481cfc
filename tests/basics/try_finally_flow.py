def f(x):
    try:
        if x:
            return "try"
    finally:
        print("finally", x)
    return "after"
print(f(1), f(0))
def g():
    for i in range(3):
        try:
            if i == 1:
                continue
            if i == 2:
                break
            print("body", i)
        finally:
            print("fin", i)
    return i
print(g())
def h():
    try:
        return 1
    finally:
        return 2
print(h())
