for src in ["1 +", "def f(:", "x = (1, 2", "if True\n  pass", "return 5", "  indented", "a b"]:
    try:
        compile(src, "<test>", "exec")
        print("compiled?!", repr(src))
    except SyntaxError as e:
        print(type(e).__name__, repr(src))
try:
    eval("1 = 2")
except SyntaxError:
    print("SyntaxError assign literal")
