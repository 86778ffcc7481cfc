# A SyntaxError names the first line that is wrong, as in MicroPython, whose
# lexer runs just ahead of the parser: a parse error comes before a later
# line the lexer would refuse (CPython tokenizes the whole source first and
# reports the later line), and a lexing error before a later parse error.
# Expected output written by hand (mpy-cross 1.29 gives these lines).
for src in (
    'x = 1\ny = 1 +\nz = "abc\n',
    'x = 1\ny = "abc\nz = 1 +\n',
):
    try:
        compile(src, "f.py", "exec")
        print("compiled")
    except SyntaxError as e:
        print(type(e).__name__, e.lineno)
