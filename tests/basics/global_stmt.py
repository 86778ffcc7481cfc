counter = 0
def inc():
    global counter
    counter += 1
inc(); inc()
print(counter)
def make():
    global newname
    newname = "created"
make()
print(newname)
