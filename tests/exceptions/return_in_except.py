def f():
    try:
        raise ValueError
    except ValueError:
        return "from except"
    finally:
        print("finally")
print(f())
def g():
    for i in range(3):
        try:
            raise KeyError(i)
        except KeyError:
            if i == 1:
                break
            continue
    return i
print(g())
