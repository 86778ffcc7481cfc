# Green threads switch only in the outermost loop: waiting for a held lock
# inside a nested call (here a generator) raises instead of deadlocking, and a
# wait with a timeout times out.  A spinning loop inside a generator still lets
# the thread finish its work.
import _thread, time

lock = _thread.allocate_lock()
started = []

def holder():
    lock.acquire()
    started.append(1)
    time.sleep(0.05)
    lock.release()

_thread.start_new_thread(holder, ())
while not started:
    time.sleep(0)

def gen():
    yield lock.acquire(1, 0.01)
    yield lock.acquire()

g = gen()
print(next(g))
try:
    next(g)
except RuntimeError as e:
    print("RuntimeError:", e)
time.sleep(0.1)
print(lock.locked(), lock.acquire(), lock.locked())
lock.release()
