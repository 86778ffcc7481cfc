try:
    raise RuntimeError("x")
except:
    print("bare caught")
def f():
    try:
        return 1 / 0
    except:
        return "fallback"
print(f())
