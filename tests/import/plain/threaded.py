# Starts a thread from module top level and waits for it before the import ends.
import _thread, time

results = []

def work(n):
    results.append(sum(range(n)))

_thread.start_new_thread(work, (100,))
while not results:
    time.sleep(0.001)
