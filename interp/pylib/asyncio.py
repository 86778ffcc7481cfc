# asyncio: MicroPython's asyncio API over generator-based coroutines.
#
# A task runs its coroutine with send()/throw().  What the coroutine yields tells
# the scheduler what to do: None parks the task until something schedules it
# (an event, a lock, another task finishing); ("sleep", ms) wakes it later.
import time
from heapq import heappush, heappop


class CancelledError(BaseException):
    pass


class TimeoutError(Exception):
    pass


_ready = []
_sleeping = []
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
        if _ready:
            t = _ready.pop(0)
            t._queued = False
            if not t._done:
                _step(t)
            continue
        if _sleeping:
            delay = _sleeping[0][0] - _now()
            if delay > 0:
                time.sleep_ms(delay)
            continue
        if main is None:
            return
        raise RuntimeError("asyncio: no task can run (deadlock)")


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
    global _ready, _sleeping
    _ready = []
    _sleeping = []
    return _loop
