a = 1; b = 2; print(a + b)
if a: print("inline if")
x = [1,
     2,
     3]
y = 1 + \
    2
print(x, y)
def g(): return "one-liner"
print(g())
