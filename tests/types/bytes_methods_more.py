b = b"  Hello World  "
print(b.strip(), b.lower(), b.upper().split(), b.count(b"l"), b.find(b"World"), b.replace(b" ", b""))
print(b"a,b,,c".split(b","), b"abc".startswith(b"ab"), b"abc".endswith((b"x", b"c")), b"x".join([b"1", b"2"]))
print(b"abc".hex(), bytes.fromhex("616263"), b"abc"[::-1], list(b"\x00\x01"), b"ab" * 3)
print(b"%s" % b"x" if False else b"no-percent", bytes(b"abc") == b"abc", b"a" in b"abc")
