for a, b in [(1, "a"), ("a", None), ([1], (1,)), ({}, {}), (1j, 2j)]:
    try:
        a < b
        print("ok")
    except TypeError as e:
        print("TypeError", e)
print(1 == "1", [1] == (1,), None == 0, {} == [])
