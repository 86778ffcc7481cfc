class Future:
    def __init__(self, v):
        self.v = v
    def __await__(self):
        yield "suspend"
        return self.v
    __iter__ = __await__
async def add(a, b):
    x = await Future(a)
    y = await Future(b)
    return x + y
async def main():
    r = await add(1, 2)
    return r * 10
coro = main()
steps = []
try:
    while True:
        steps.append(coro.send(None))
except StopIteration as e:
    print("result", e.value, steps)
