# Imported several times; its body must run once.
print("counter module body runs")
count = 0
def bump():
    global count
    count += 1
    return count
_private = 1
public = 2
