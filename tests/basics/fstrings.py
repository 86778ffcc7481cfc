name = "world"
n = 42
print(f"hello {name}!", f"{n + 1}", f"{n:5d}|", f"{n:<5}|", f"{n:x}")
print(f"{name!r}", f"{name!s}", f"{3.14159:.2f}", f"{'nested'}")
print(f"{{braces}} {n}", f"{[1, 2][0]}", F"{n*2}")
w = 8
print(f"{n:>{w}}|", f"{n=}", f"{1+1=}")
print(f"""multi
{name}""")
print(f"{'a' if n else 'b'}", f"{n:,}", f"{1234567:_}")
