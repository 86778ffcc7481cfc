# A module's top-level code can start a thread and wait for it during import.
import plain.threaded as t

print(t.results)
