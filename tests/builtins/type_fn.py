print(type(1).__name__, type("")(5), type([])((1, 2)), type(3.0)("2.5"))
T = type("T", (object,), {"x": 1, "hello": lambda self: "hi"})
t = T()
print(T.__name__, t.x, t.hello(), isinstance(t, T))
