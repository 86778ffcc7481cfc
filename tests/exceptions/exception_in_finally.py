def f():
    try:
        raise ValueError("first")
    finally:
        print("finally runs")
try:
    f()
except ValueError as e:
    print("got", e)
def g():
    try:
        return "value"
    finally:
        print("cleanup")
print(g())
