def f(n):
    try:
        if n == 0:
            raise ValueError
        if n == 1:
            raise KeyError
        if n == 2:
            raise IndexError
        return "ok"
    except (ValueError, KeyError) as e:
        return "VK " + type(e).__name__
    except Exception as e:
        return "other " + type(e).__name__
for n in range(4):
    print(f(n))
