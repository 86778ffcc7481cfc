g = globals()
print("g" in g, g["__name__"])
x = 10
g["y_new"] = 20
print(y_new)
print(locals() is globals())
