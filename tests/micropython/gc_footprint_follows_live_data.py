# pyrite-needs: big-heap
# The heap is collected once it holds about twice what the last collection
# kept, not only when the whole budget (64 MiB by default) is used: a loop
# that makes 100 MB of garbage stays within a few MiB.
import gc

peak = 0
for i in range(20000):
    s = "x" * 5000 + str(i)
    if i % 1000 == 0:
        peak = max(peak, gc.mem_alloc())
print(len(s), peak < 4 * 1024 * 1024)

# Live data still grows as far as it needs, and the trigger follows it.
keep = []
for i in range(2000):
    keep.append("y" * 1000 + str(i))
for i in range(20000):
    t = "z" * 2000
print(len(keep), gc.mem_alloc() > 2000 * 1000, gc.mem_alloc() < 12 * 1024 * 1024)
