class C:
    x = 1
for obj, name in [(C(), "y"), (C, "z"), (1, "foo"), ("s", "bar"), ([], "baz"), (None, "q"), (len, "w")]:
    try:
        getattr(obj, name)
        print("found")
    except AttributeError as e:
        print("AttributeError", e)
try:
    (1).real = 5
except AttributeError:
    print("AttributeError on int attr")
try:
    [].append = 1
except AttributeError:
    print("AttributeError on list attr")
