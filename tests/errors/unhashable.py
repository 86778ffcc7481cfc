for v in [[1], {1: 2}, {1}, bytearray(b"x")]:
    try:
        {v: 1}
    except TypeError as e:
        print("TypeError", e)
try:
    {[1, 2]}
except TypeError:
    print("TypeError set")
print(hash((1, "a", None)) == hash((1, "a", None)))
try:
    hash((1, [2]))
except TypeError:
    print("TypeError nested")
