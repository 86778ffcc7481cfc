b = b"hello"
print(b, len(b), b[0], b[-1], b[1:3], b + b"!", b * 2, b"l" in b, 104 in b)
print(b.upper(), b.find(b"l"), b.count(b"l"), b.replace(b"l", b"L"), b.split(b"e"), b.startswith(b"he"))
print(bytes(3), bytes([65, 66]), bytes("é", "utf-8"), bytes(b"x"), bytes(range(3)))
print(b.decode(), b.hex(), bytes.fromhex("48 69"), list(b"ab"), b"a" < b"b", b"abc" == b"abc")
print(b"-".join([b"a", b"b"]), b" x ".strip(), b"a,b".split(b","))
