async def fails():
    raise ValueError("async fail")
async def catcher():
    try:
        await fails()
    except ValueError as e:
        return "caught " + str(e)
c = catcher()
try:
    c.send(None)
except StopIteration as e:
    print(e.value)
