# The micropython module: const, opt_level, heap_lock, schedule, statistics.
import micropython
X = micropython.const(42)
print(X, micropython.opt_level())
micropython.opt_level(1)
print(micropython.opt_level())
micropython.opt_level(0)
micropython.heap_lock()
try:
    l = [1, 2, 3] + [4]
    print("allocated while locked")
except MemoryError:
    print("MemoryError while locked")
print(micropython.heap_unlock())
print(len([1] * 10))
calls = []
def cb(arg):
    calls.append(arg)
micropython.schedule(cb, "scheduled")
for i in range(3):
    pass
print(calls)
print(type(micropython.stack_use()).__name__)
micropython.alloc_emergency_exception_buf(100)
micropython.kbd_intr(3)
