print(1, "\\n", "a\
b", 'x\'y"z', "\x7f" == chr(127), "\u20ac", "\101\102")
print(repr("\t\n\r\x0b\x0c"), repr("'\""), repr('\\'))
print(b"\x80\xff"[0], r"\d+\.\w", rb"\n"[0])
