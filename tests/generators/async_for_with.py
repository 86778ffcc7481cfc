class AIter:
    def __init__(self, n):
        self.n = n
    def __aiter__(self):
        return self
    async def __anext__(self):
        if self.n == 0:
            raise StopAsyncIteration
        self.n -= 1
        return self.n
class ACM:
    async def __aenter__(self):
        print("aenter")
        return "resource"
    async def __aexit__(self, t, v, tb):
        print("aexit", t)
        return False
async def main():
    out = []
    async for x in AIter(3):
        out.append(x)
    async with ACM() as r:
        out.append(r)
    return out
c = main()
try:
    c.send(None)
except StopIteration as e:
    print(e.value)
