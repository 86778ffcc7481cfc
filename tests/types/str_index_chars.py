# One-character strings from indexing and iteration (ASCII ones are shared
# objects in Pyrite): values, equality, hashing and errors.
s = "Hello, wörld ✓"
print([s[i] for i in range(len(s))])
print(s[-1], s[-3], s[7], list(s)[-5:])
print(s[0] == "H", s[0] + s[1], {s[0]: 1, "H": 2}, len(s[-1]))
chars = {}
for c in "abracadabra":
    chars[c] = chars.get(c, 0) + 1
print(sorted(chars.items()))
print("".join(reversed("stressed")), [c.upper() for c in "ok"], ord("xyz"[1]))
for bad in (len(s), -len(s) - 1):
    try:
        s[bad]
    except IndexError as e:
        print("IndexError", e)
try:
    s["0"]
except TypeError as e:
    print("TypeError", e)
t = "x" * 3
print(t[0] is t[1], t[0] == "x", "\x00\x7f"[1] == chr(127), repr("\x00"[0]))
