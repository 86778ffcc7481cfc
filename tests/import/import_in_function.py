def f():
    import plain.counter as m
    from pkg import VALUE
    return m.public, VALUE
print(f())
print("plain" in dir())
