import asyncio
async def slow(log):
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        log.append("slow saw cancel")
        raise
async def main():
    log = []
    t = asyncio.create_task(slow(log))
    await asyncio.sleep(0.01)
    print(t.cancel())
    try:
        await t
    except asyncio.CancelledError:
        print("cancelled", log)
    try:
        await asyncio.wait_for(asyncio.sleep(10), 0.02)
    except asyncio.TimeoutError:
        print("timed out")
    print(await asyncio.wait_for(asyncio.sleep(0, "ignored") if False else quick(), 1))
    async def boom():
        raise ValueError("inside task")
    try:
        await asyncio.create_task(boom())
    except ValueError as e:
        print("task raised", e)
    print(await asyncio.gather(boom(), quick(), return_exceptions=True))
async def quick():
    await asyncio.sleep(0)
    return "quick"
asyncio.run(main())
