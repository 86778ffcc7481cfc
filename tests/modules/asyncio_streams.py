# pyrite-needs: sockets
import asyncio

log = []

async def handle(reader, writer):
    peer = writer.get_extra_info("peername")
    log.append(("peer", peer[0]))
    while True:
        line = await reader.readline()
        if not line:
            break
        writer.write(line.upper())
        await writer.drain()
    writer.close()
    await writer.wait_closed()
    log.append("server side closed")

async def client(port, n):
    r, w = await asyncio.open_connection("127.0.0.1", port)
    out = []
    for i in range(3):
        w.write(b"msg %d from %d\n" % (i, n))
        await w.drain()
        out.append(await r.readline())
    w.close()
    await w.wait_closed()
    return out

async def main():
    srv = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = srv.sock.getsockname()[1] if hasattr(srv, "sock") else srv.sockets[0].getsockname()[1]
    res = await asyncio.gather(client(port, 1), client(port, 2))
    for r in res:
        print(r)
    # read(n), readexactly, and EOF handling
    async def blob(reader, writer):
        writer.write(b"0123456789" * 100)
        await writer.drain()
        writer.close()
        await writer.wait_closed()
    srv2 = await asyncio.start_server(blob, "127.0.0.1", 0)
    port2 = srv2.sock.getsockname()[1] if hasattr(srv2, "sock") else srv2.sockets[0].getsockname()[1]
    r, w = await asyncio.open_connection("127.0.0.1", port2)
    print(await r.readexactly(5))
    rest = await r.read(-1)
    print(len(rest), rest[:7])
    try:
        await r.readexactly(1)
    except EOFError:
        print("EOFError")
    except asyncio.IncompleteReadError:
        print("EOFError")
    w.close()
    await w.wait_closed()
    srv.close()
    await srv.wait_closed()
    srv2.close()
    await srv2.wait_closed()
    await asyncio.sleep(0)
    print(sorted(str(x) for x in log))

asyncio.run(main())
