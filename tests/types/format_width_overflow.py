# Widths and precisions with more digits than a machine word: ValueError, as
# CPython reports them, for %-formatting, str.format, format() and f-strings.
cases = [
    lambda: "%99999999999999999999d" % 1,
    lambda: "%.99999999999999999999f" % 1.5,
    lambda: "{:99999999999999999999d}".format(1),
    lambda: "{:.99999999999999999999}".format(1.5),
    lambda: format(1, "99999999999999999999"),
    lambda: f"{2:099999999999999999999}",
]
for c in cases:
    try:
        c()
    except ValueError as e:
        print("ValueError", e)
print("%5d|%-6.2f|%.3s" % (42, 3.14159, "abcdef"), "{:>8.3f}".format(2.5), format(7, "04"))
