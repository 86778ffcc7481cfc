import io
buf = io.StringIO()
print("a", 1, [2], sep="|", end="!\n", file=buf)
print("second", file=buf)
print(repr(buf.getvalue()))
