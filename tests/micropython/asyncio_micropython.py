# MicroPython's asyncio extras: sleep_ms, wait_for_ms, ThreadSafeFlag, event loop.
import asyncio
async def main():
    await asyncio.sleep_ms(5)
    flag = asyncio.ThreadSafeFlag()
    async def setter():
        await asyncio.sleep_ms(5)
        flag.set()
    asyncio.create_task(setter())
    await flag.wait()
    print("flag", flag.is_set())
    try:
        await asyncio.wait_for_ms(asyncio.sleep_ms(1000), 10)
    except asyncio.TimeoutError:
        print("wait_for_ms timeout")
    return 42
loop = asyncio.get_event_loop()
print(loop.run_until_complete(main()))
async def forever(n):
    for i in range(n):
        await asyncio.sleep_ms(1)
    loop.stop()
loop.create_task(forever(3))
loop.run_forever()
print("stopped")
loop = asyncio.new_event_loop()
print(asyncio.run(asyncio.sleep_ms(1)))
