# pyrite-needs: board
# On a board the interpreter's storage outside the GC's objects comes from
# the same fixed heap: an object, buffer or compile that needs a block the
# allocator cannot give raises MemoryError (and the program goes on), where
# a failed allocation would stop the firmware.
import gc
import json
import re


def grow_str():
    s = "x"
    while True:
        s += s


def grow_bytearray():
    b = bytearray()
    while True:
        b.extend(b"x" * 1000)


def append_bytearray():
    b = bytearray(b"y" * 100000)
    while True:
        b.append(1)


def grow_list():
    items = []
    while True:
        items.extend(range(1000))


cases = [
    ("str +=", grow_str),
    ("bytearray.extend", grow_bytearray),
    ("bytearray.append", append_bytearray),
    ("list.extend", grow_list),
    ("list(range)", lambda: list(range(10**7))),
    ("tuple(genexpr)", lambda: tuple(x for x in range(10**7))),
    ("exec big source", lambda: exec("x = 1\n" * 100000)),
    ("eval deep source", lambda: eval("(" * 100000)),
    ("json.dumps", lambda: json.dumps(list(range(10**5))) * 100),
    ("repr", lambda: repr(list(range(10**5))) * 100),
    ("bytes.hex", lambda: (b"ab" * 10**6).hex()),
    ("re.sub", lambda: re.sub("a", "b" * 10**4, "a" * 1000)),
]
for name, make in cases:
    try:
        make()
        print(name, "built")
    except MemoryError:
        print(name, "MemoryError")
    gc.collect()
print("still running", sum(range(100)))
exec("y = 2\nprint('small exec', y * 21)")
