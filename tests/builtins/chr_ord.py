print(chr(65), chr(97), chr(0x263A), ord("A"), ord("€"), ord(b"a"), [ord(c) for c in "Py"])
for bad in [lambda: chr(-1), lambda: chr(0x110000), lambda: ord("ab"), lambda: ord("")]:
    try:
        bad()
    except (ValueError, TypeError) as e:
        print(type(e).__name__)
