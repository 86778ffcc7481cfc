# gc reports memory and can be switched off and on.
import gc
gc.collect()
before = gc.mem_alloc()
junk = [[i] for i in range(2000)]
mid = gc.mem_alloc()
junk = None
gc.collect()
after = gc.mem_alloc()
print(mid > before, after < mid, gc.mem_free() > 0)
print(gc.isenabled())
gc.disable()
print(gc.isenabled())
gc.enable()
print(gc.isenabled())
gc.threshold(10000)
print(gc.threshold())
gc.threshold(-1)
print(gc.threshold())
