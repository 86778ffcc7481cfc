# MicroPython's wrapping tick counters and its 8-tuple calendar times.
import time
t = time.ticks_ms()
print(0 <= t < 2**30, time.ticks_diff(time.ticks_add(t, 100), t), time.ticks_diff(t, time.ticks_add(t, 100)))
print(time.ticks_add(2**30 - 1, 1), time.ticks_diff(0, 2**30 - 1), time.ticks_diff(5, 3))
u0 = time.ticks_us()
time.sleep_ms(5)
time.sleep_us(100)
print(time.ticks_diff(time.ticks_us(), u0) >= 5000)
print(time.gmtime(0), len(time.localtime()))
print(time.gmtime(951782400)[:3], time.mktime((2000, 2, 29, 0, 0, 0, 0, 0)) - time.mktime((2000, 2, 28, 0, 0, 0, 0, 0)))
