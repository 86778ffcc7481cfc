# a: sleep(0), so that its three steps come before b's first wake-up however slowly
# the machine runs (under emulation with every function compiled first).
import asyncio
log = []
async def worker(name, delay, n):
    for i in range(n):
        await asyncio.sleep(delay)
        log.append((name, i))
    return name * 2
async def main():
    t1 = asyncio.create_task(worker("a", 0, 3))
    t2 = asyncio.create_task(worker("b", 0.2, 2))
    r = await asyncio.gather(t1, t2)
    print("gathered", r, t1.done())
    print(await worker("c", 0, 1))
    return "main done"
print(asyncio.run(main()))
print(log)
