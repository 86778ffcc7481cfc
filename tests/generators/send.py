def echo():
    received = None
    while True:
        received = yield received
        if received == "stop":
            return "stopped"
g = echo()
print(next(g), g.send(1), g.send("hi"))
try:
    g.send("stop")
except StopIteration as e:
    print("StopIteration", e.value)
def acc():
    total = 0
    while True:
        x = yield total
        total += x
a = acc()
next(a)
print([a.send(i) for i in range(5)])
try:
    echo().send(5)
except TypeError:
    print("TypeError just-started")
