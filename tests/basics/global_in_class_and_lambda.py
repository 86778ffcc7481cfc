y = 1
class C:
    global y
    y = 2
print(y)
f = lambda: y + 1
print(f())
def outer():
    z = 5
    return (lambda: z * 2)()
print(outer())
