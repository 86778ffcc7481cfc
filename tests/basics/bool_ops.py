print(True and False, True or False, not True, not 0, not [])
print(1 and 2, 0 and 2, 1 or 2, 0 or 2, None or "x", "" or 0)
print([] or {} or () or "last")
x = 0
y = x or 5
print(y)
print(True + True, True * 3, False - 1)
