import asyncio
async def main():
    ev = asyncio.Event()
    async def waiter(i):
        await ev.wait()
        return "seen %d" % i
    ws = [asyncio.create_task(waiter(i)) for i in range(3)]
    await asyncio.sleep(0.01)
    print(ev.is_set(), [w.done() for w in ws])
    ev.set()
    print(await asyncio.gather(*ws), ev.is_set())
    ev.clear()
    print(ev.is_set())
    lock = asyncio.Lock()
    order = []
    async def critical(i):
        async with lock:
            order.append(i)
            await asyncio.sleep(0.005)
            order.append(-i)
    await asyncio.gather(*[critical(i) for i in range(1, 4)])
    print(order, lock.locked())
asyncio.run(main())
