# Green threads share one Rust stack.  A thread may wait inside a nested call
# (here a generator, and a sort key callback): other threads run meanwhile.  A
# thread started by an imported module's top-level code runs during the import.
# Waiting for a lock that only the waiter itself could release is an error, not
# a hang.
import _thread, time

lock = _thread.allocate_lock()
started = []

# no other thread exists yet: waiting for a held lock is an error at once
lock.acquire()
try:
    lock.acquire()
except RuntimeError as e:
    print("RuntimeError:", e)
lock.release()

def holder():
    lock.acquire()
    started.append(1)
    # Far longer than the 0.01 s timed wait below, so that a loaded machine
    # (the test suite runs programs in parallel) cannot let the holder finish
    # first and turn the timed-out acquire into a success.
    time.sleep(0.5)
    lock.release()

_thread.start_new_thread(holder, ())
while not started:
    time.sleep(0)

def gen():
    yield lock.acquire(1, 0.01)
    yield lock.acquire()

g = gen()
print(next(g))
print(next(g))
print(lock.locked())
lock.release()

# a sort key that sleeps lets a counting thread make progress
count = [0]
def counter():
    for i in range(5):
        count[0] += 1
        time.sleep(0.001)
_thread.start_new_thread(counter, ())
def key(x):
    time.sleep(0.003)
    return -x
print(sorted([3, 1, 2], key=key), count[0] > 0)

# every thread left waits for a lock: RuntimeError in the one that waited
# last.  (The threads above may or may not have ended by now, so a helper
# parked on another lock makes this case the same either way; main waits
# until the helper has parked.)
other = _thread.allocate_lock()
other.acquire()
parked = []
def helper():
    parked.append(1)
    other.acquire()
_thread.start_new_thread(helper, ())
while not parked:
    time.sleep(0)
time.sleep(0)
lock.acquire()
try:
    lock.acquire()
except RuntimeError as e:
    print("RuntimeError:", e)
