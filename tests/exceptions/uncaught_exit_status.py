print("start")
def f():
    raise ValueError("uncaught")
f()
