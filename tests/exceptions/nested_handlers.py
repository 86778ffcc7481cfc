try:
    try:
        raise KeyError("a")
    except KeyError:
        try:
            raise ValueError("b")
        except ValueError as e:
            print("inner", e)
        print("back in KeyError handler")
        raise IndexError("c")
except IndexError as e:
    print("outer", e)
