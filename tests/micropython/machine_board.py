# pyrite-needs: board
# machine on the QEMU mps2 boards: memory access, the FPGA IO LEDs, timers
# with callbacks, interrupts, UART0; expected output written by hand.
import machine, time, micropython
print(machine.freq(), len(machine.unique_id()))
led = machine.Pin("LED1", machine.Pin.OUT)
led.on(); print(led.value(), machine.mem32[0x40028000] & 3)
led.toggle(); print(led(), machine.Pin("LED2").value())
machine.Pin("LED2").on(); print(machine.mem32[0x40028000] & 3)
machine.mem32[0x40028000] = 0; print(led.value())
print(machine.Pin("BTN1").value())
hits = []
def cb(t):
    hits.append(time.ticks_ms())
# QEMU's clocks follow the host's, and a loaded host (CI runs boards side
# by side) delays or merges the ticks behind time.ticks_ms while the timer
# keeps its own pace (a bound by the ticks that passed failed that way):
# ask only for more than one call, which a one-shot would not give, and not
# a wild number.  (The count is printed when it is out of range.)
t = machine.Timer(0, mode=machine.Timer.PERIODIC, period=10, callback=cb)
time.sleep_ms(105)
t.deinit()
n = len(hits)
print(2 <= n <= 100 or n)
time.sleep_ms(30)
print(len(hits) == n)
one = []
machine.Timer(1, mode=machine.Timer.ONE_SHOT, period=5, callback=lambda t: one.append(1))
time.sleep_ms(40)
print(one)
s = machine.disable_irq(); machine.enable_irq(s)
t0 = time.ticks_ms(); time.sleep_ms(50); d = time.ticks_diff(time.ticks_ms(), t0); print(d >= 50)
u = machine.UART(0); print(u.write(b"uart0\n"))
print(repr(led))
try:
    machine.Pin("LED9")
except ValueError as e:
    print(e)
