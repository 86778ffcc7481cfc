def wrap(text, width):
    lines, cur = [], ""
    for w in text.split():
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = cur + " " + w if cur else w
    if cur:
        lines.append(cur)
    return lines
t = "Pyrite is a MicroPython compatible implementation of Python written in Rust for microcontrollers and hosts"
for line in wrap(t, 24):
    print("|" + line.ljust(24) + "|")
