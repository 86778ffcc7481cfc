import time
t0 = time.time()
print(type(t0).__name__, t0 > 1.6e9, type(time.time_ns()).__name__, time.time_ns() > 1.6e18)
print(time.gmtime(0)[:6], time.gmtime(86400 * 365)[:3], time.gmtime(1700000000)[:6])
time.sleep(0.01)
print(time.time() >= t0)
