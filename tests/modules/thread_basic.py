# _thread: shared state under a lock, sleeping threads interleaving, lock
# hand-over, idents, uncaught exceptions, preemption of a spinning thread.
import _thread, time

lock = _thread.allocate_lock()
n_done = 0
total = 0

def worker(tid, n):
    global n_done, total
    for i in range(n):
        with lock:
            total += 1
    with lock:
        n_done += 1

for t in range(4):
    _thread.start_new_thread(worker, (t, 1000))
while True:
    with lock:
        if n_done == 4:
            break
    time.sleep(0.001)
print("total", total)

# threads interleave: each appends its id a few times, sleeping between
order = []
done = []
def ping(name, k):
    for i in range(k):
        order.append(name)
        time.sleep(0.01)
    done.append(name)
_thread.start_new_thread(ping, ("a", 3))
_thread.start_new_thread(ping, ("b", 3))
while len(done) < 2:
    time.sleep(0.005)
print(sorted(order))

# get_ident differs per thread; kwargs reach the function
ids = []
def ident(x, y=0):
    ids.append((_thread.get_ident(), x + y))
_thread.start_new_thread(ident, (1,), {"y": 10})
_thread.start_new_thread(ident, (2,))
while len(ids) < 2:
    time.sleep(0)
print(len(set(i for i, _ in ids)), sorted(v for _, v in ids), _thread.get_ident() not in [i for i, _ in ids])

# lock semantics
l = _thread.allocate_lock()
print(l.locked(), l.acquire(), l.locked(), l.acquire(0), l.acquire(1, 0.05))
l.release()
print(l.locked())
try:
    l.release()
except RuntimeError as e:
    print("RuntimeError", e)

# a waiting thread gets the lock when it is released
events = []
l.acquire()
def waiter():
    events.append("waiting")
    l.acquire()
    events.append("got it")
    l.release()
_thread.start_new_thread(waiter, ())
time.sleep(0.02)
events.append("releasing")
l.release()
time.sleep(0.02)
print(events)

# an exception in a thread is reported and the others go on
def bad():
    raise ValueError("boom")
def quiet():
    _thread.exit()
_thread.start_new_thread(bad, ())
_thread.start_new_thread(quiet, ())
time.sleep(0.01)
print("main still runs")

# preemption: main spins without sleeping until a thread has run
flag = []
def setter(v):
    flag.append(sum(x for x in range(v)))
_thread.start_new_thread(setter, (10,))
while not flag:
    pass
print("preempted", flag)

# preemption in loops whose test is a comparison straight into the jump
count = [0]
def bump():
    count[0] += 1
_thread.start_new_thread(bump, ())
while count[0] < 1:
    pass
box = [None]
def fill():
    box[0] = "filled"
_thread.start_new_thread(fill, ())
while box[0] is None:
    pass
print("preempted again", count, box)

# a native function as the thread body, and bad arguments
_thread.start_new_thread(print, ("native body",))
time.sleep(0.01)
for bad in ((worker, [1]), (worker, (), 5)):
    try:
        _thread.start_new_thread(*bad)
    except TypeError as e:
        print("TypeError")
