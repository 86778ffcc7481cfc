# asyncio: MicroPython's asyncio API over generator-based coroutines.
#
# A task runs its coroutine with send()/throw().  What the coroutine yields tells
# the scheduler what to do: None parks the task until something schedules it
# (an event, a lock, another task finishing); ("sleep", ms) wakes it later;
# ("io", stream, mask) wakes it when select.poll reports the stream ready.
import time
from heapq import heappush, heappop


class CancelledError(BaseException):
    pass


class TimeoutError(Exception):
    pass


_ready = []
_sleeping = []
_io = []  # (stream, poll mask, task, task token) of tasks waiting for I/O
_seq = 0
_cur = None
_stop = False
_last_tick = time.ticks_ms()
_elapsed = 0
_handler = None


def _now():
    # Monotonic milliseconds, immune to the tick counter wrapping.
    global _last_tick, _elapsed
    t = time.ticks_ms()
    _elapsed += time.ticks_diff(t, _last_tick)
    _last_tick = t
    return _elapsed


def _schedule(task, delay=None):
    global _seq
    task._token += 1
    if delay is None:
        if not task._queued:
            task._queued = True
            _ready.append(task)
    else:
        _seq += 1
        heappush(_sleeping, (_now() + delay, _seq, task._token, task))


class Task:
    def __init__(self, coro):
        self.coro = coro
        self.data = None
        self._done = False
        self._result = None
        self._exc = None
        self._waiters = []
        self._throw = None
        self._token = 0
        self._queued = False

    def done(self):
        return self._done

    def cancel(self):
        if self._done:
            return False
        self._throw = CancelledError()
        _schedule(self)
        return True

    def __iter__(self):
        if not self._done:
            me = _cur
            self._waiters.append(me)
            try:
                yield None
            finally:
                if me in self._waiters:
                    self._waiters.remove(me)
        if self._exc is not None:
            raise self._exc
        return self._result

    __await__ = __iter__

    def __repr__(self):
        return "<Task>"


def _finish(task, result, exc):
    task._done = True
    task._result = result
    task._exc = exc
    waiters = task._waiters
    task._waiters = []
    for w in waiters:
        _schedule(w)
    return bool(waiters)


def _report(task, exc):
    context = {"message": "Task exception wasn't retrieved", "future": task, "exception": exc}
    if _handler is not None:
        _handler(_loop, context)
    else:
        _loop.default_exception_handler(context)


def _step(task):
    global _cur
    _cur = task
    try:
        if task._throw is not None:
            e = task._throw
            task._throw = None
            y = task.coro.throw(e)
        else:
            y = task.coro.send(None)
    except StopIteration as e:
        _finish(task, e.value, None)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as e:
        if not _finish(task, None, e) and task is not _main and not isinstance(e, CancelledError):
            _report(task, e)
    else:
        if y is not None:
            if y[0] == "io":
                _io.append((y[1], y[2], task, task._token))
            else:
                _schedule(task, y[1])
    finally:
        _cur = None


_main = None


def _run(main):
    # Runs tasks until `main` is done (or stop() with no main).
    global _main, _stop
    _main = main
    _stop = False
    while True:
        if main is not None and main._done:
            return
        if _stop:
            return
        while _sleeping and _sleeping[0][0] <= _now():
            wake, seq, token, t = heappop(_sleeping)
            if token == t._token and not t._done:
                t._token += 1
                if not t._queued:
                    t._queued = True
                    _ready.append(t)
        if _io:
            # Never block while tasks are ready; otherwise sleep in poll until
            # the next sleeper is due.
            if _ready:
                wait = 0
            elif _sleeping:
                wait = max(0, _sleeping[0][0] - _now())
            else:
                wait = -1
            _poll_io(wait)
        if _ready:
            t = _ready.pop(0)
            t._queued = False
            if not t._done:
                _step(t)
            continue
        if _io:
            continue
        if _sleeping:
            delay = _sleeping[0][0] - _now()
            if delay > 0:
                time.sleep_ms(delay)
            continue
        if main is None:
            return
        raise RuntimeError("asyncio: no task can run (deadlock)")


def _poll_io(wait):
    global _io
    import select

    # A cancelled or otherwise rescheduled task has a newer token: drop its entry.
    live = [e for e in _io if e[3] == e[2]._token and not e[2]._done]
    _io = live
    if not live:
        return
    p = select.poll()
    masks = {}
    for s, mask, t, tok in live:
        masks[id(s)] = masks.get(id(s), 0) | mask
    for s, mask, t, tok in live:
        p.register(s, masks[id(s)])
    ready = {}
    for s, ev in p.poll(wait):
        ready[id(s)] = ev
    if not ready:
        return
    rest = []
    for e in live:
        ev = ready.get(id(e[0]), 0)
        # Errors and hang-ups wake every waiter so that it sees the failure.
        if ev & (e[1] | select.POLLERR | select.POLLHUP):
            _schedule(e[2])
        else:
            rest.append(e)
    _io = rest


def create_task(coro):
    if not hasattr(coro, "send"):
        raise TypeError("coroutine expected")
    t = Task(coro)
    _schedule(t)
    return t


def _ensure(aw):
    return aw if isinstance(aw, Task) else create_task(aw)


def run(coro):
    return run_until_complete(create_task(coro))


def run_until_complete(aw):
    t = _ensure(aw)
    _run(t)
    if t._exc is not None:
        raise t._exc
    return t._result


def current_task():
    if _cur is None:
        raise RuntimeError("no running task")
    return _cur


def sleep_ms(ms):
    yield ("sleep", max(0, int(ms)))


def sleep(s):
    yield ("sleep", max(0, int(s * 1000)))


async def gather(*aws, return_exceptions=False):
    tasks = [_ensure(a) for a in aws]
    results = []
    for t in tasks:
        try:
            results.append(await t)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as e:
            if not return_exceptions:
                for other in tasks:
                    other.cancel()
                raise
            results.append(e)
    return results


async def wait_for(aw, timeout):
    t = _ensure(aw)
    if timeout is None:
        return await t
    expired = []

    async def watchdog():
        await sleep(timeout)
        if not t._done:
            expired.append(True)
            t.cancel()

    w = create_task(watchdog())
    try:
        return await t
    except CancelledError:
        if expired:
            raise TimeoutError
        raise
    finally:
        w.cancel()


def wait_for_ms(aw, timeout):
    return wait_for(aw, timeout / 1000)


class Event:
    def __init__(self):
        self.state = False
        self.waiting = []

    def is_set(self):
        return self.state

    def set(self):
        self.state = True
        waiting = self.waiting
        self.waiting = []
        for t in waiting:
            _schedule(t)

    def clear(self):
        self.state = False

    def wait(self):
        if not self.state:
            me = _cur
            self.waiting.append(me)
            try:
                yield None
            finally:
                if me in self.waiting:
                    self.waiting.remove(me)
        return True


class ThreadSafeFlag(Event):
    def wait(self):
        if not self.state:
            yield from Event.wait(self)
        self.state = False


class Lock:
    def __init__(self):
        self.state = False
        self.waiting = []

    def locked(self):
        return self.state

    def release(self):
        if not self.state:
            raise RuntimeError("Lock not acquired")
        if self.waiting:
            # Hand the lock straight to the next waiter.
            _schedule(self.waiting.pop(0))
        else:
            self.state = False

    def acquire(self):
        if self.state:
            me = _cur
            self.waiting.append(me)
            try:
                yield None
            except BaseException:
                if me in self.waiting:
                    self.waiting.remove(me)
                else:
                    self.release()
                raise
        else:
            self.state = True
        return True

    async def __aenter__(self):
        return await self.acquire()

    async def __aexit__(self, exc_type, exc, tb):
        self.release()


class Loop:
    def create_task(self, coro):
        return create_task(coro)

    def run_forever(self):
        _run(None)

    def run_until_complete(self, aw):
        return run_until_complete(aw)

    def stop(self):
        global _stop
        _stop = True

    def close(self):
        pass

    def set_exception_handler(self, handler):
        global _handler
        _handler = handler

    def get_exception_handler(self):
        return _handler

    def default_exception_handler(self, context):
        import sys
        print(context["message"])
        print("future:", context["future"], "coro=", context["future"].coro)
        sys.print_exception(context["exception"])

    def call_exception_handler(self, context):
        (_handler or Loop.default_exception_handler)(self, context) if _handler else self.default_exception_handler(context)


_loop = Loop()


def get_event_loop():
    return _loop


def new_event_loop():
    global _ready, _sleeping, _io
    _ready = []
    _sleeping = []
    _io = []
    return _loop


# ---- streams ------------------------------------------------------------------

_POLLIN = 1
_POLLOUT = 4


def _wait_io(s, mask):
    yield ("io", s, mask)


class Stream:
    def __init__(self, s, e={}):
        self.s = s
        self.e = e
        self._in = b""
        self._out = b""

    def get_extra_info(self, v):
        return self.e[v]

    def close(self):
        pass

    async def wait_closed(self):
        self.s.close()

    async def _fill(self, n):
        # One recv of up to n bytes into the input buffer; False at EOF.
        while True:
            try:
                data = self.s.recv(n)
                break
            except OSError as e:
                if e.errno != 11:
                    raise
            await _wait_io(self.s, _POLLIN)
        self._in += data
        return bool(data)

    async def read(self, n=-1):
        if n < 0:
            while await self._fill(4096):
                pass
            data, self._in = self._in, b""
            return data
        if not self._in and n:
            await self._fill(n)
        data, self._in = self._in[:n], self._in[n:]
        return data

    async def readinto(self, buf):
        data = await self.read(len(buf))
        buf[: len(data)] = data
        return len(data)

    async def readexactly(self, n):
        while len(self._in) < n:
            if not await self._fill(n - len(self._in)):
                raise EOFError
        data, self._in = self._in[:n], self._in[n:]
        return data

    async def readline(self):
        while b"\n" not in self._in:
            if not await self._fill(256):
                break
        i = self._in.find(b"\n") + 1
        if i == 0:
            i = len(self._in)
        data, self._in = self._in[:i], self._in[i:]
        return data

    def write(self, buf):
        self._out += bytes(buf)

    async def drain(self):
        while self._out:
            try:
                n = self.s.send(self._out)
            except OSError as e:
                if e.errno != 11:
                    raise
                n = 0
            self._out = self._out[n:]
            if self._out:
                await _wait_io(self.s, _POLLOUT)

    async def awrite(self, buf, off=0, sz=-1):
        if off or sz != -1:
            buf = buf[off:] if sz < 0 else buf[off : off + sz]
        self.write(buf)
        await self.drain()

    async def awritestr(self, s):
        await self.awrite(s.encode())

    async def aclose(self):
        await self.wait_closed()

    async def __aenter__(self):
        return self

    async def __aexit__(self, exc_type, exc, tb):
        await self.wait_closed()


StreamReader = Stream
StreamWriter = Stream


async def open_connection(host, port):
    import socket

    ai = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)[0]
    s = socket.socket(ai[0], ai[1], ai[2])
    try:
        s.connect(ai[-1])
    except OSError:
        s.close()
        raise
    s.setblocking(False)
    ss = Stream(s, {"peername": ai[-1]})
    return ss, ss


class Server:
    async def __aenter__(self):
        return self

    async def __aexit__(self, exc_type, exc, tb):
        self.close()
        await self.wait_closed()

    def close(self):
        self.task.cancel()

    async def wait_closed(self):
        try:
            await self.task
        except CancelledError:
            pass

    async def _serve(self, s, cb):
        try:
            while True:
                await _wait_io(s, _POLLIN)
                try:
                    c, addr = s.accept()
                except OSError:
                    continue
                c.setblocking(False)
                st = Stream(c, {"peername": addr})
                create_task(cb(st, st))
        finally:
            s.close()


async def start_server(cb, host, port, backlog=5):
    import socket

    ai = socket.getaddrinfo(host, port)[0]
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(ai[-1])
    s.listen(backlog)
    s.setblocking(False)
    srv = Server()
    srv.sock = s
    srv.task = create_task(srv._serve(s, cb))
    return srv
