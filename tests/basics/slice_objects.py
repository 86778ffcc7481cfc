s = slice(1, 8, 2)
print(s.start, s.stop, s.step)
print(list(range(10))[s])
print(slice(5).indices(10), slice(-3, None).indices(10), slice(None, None, -1).indices(5))
