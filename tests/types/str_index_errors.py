s = "abc"
try:
    s[10]
except IndexError as e:
    print("IndexError", e)
try:
    s[0] = "x"
except TypeError:
    print("TypeError immutable")
try:
    "abc".index("z")
except ValueError as e:
    print("ValueError", e)
try:
    "a" + 1
except TypeError:
    print("TypeError concat")
