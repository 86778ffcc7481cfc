bad = ["1 = x", "f() = 1", "None = 1", "del 1", "x + 1 = 2", "(a, b) += 1", "break", "continue", "return", "yield x",
       "def f():\n    nonlocal q\n", "*a = 1", "a, *b, *c = d", "await x", "f(x for x in y, 1)", "f(**k, *a)", "f(a=1, 2)", "import", "from x import", "x = 1 +* 2"]
for src in bad:
    try:
        compile(src, "<bad>", "exec")
        print("compiled?", repr(src))
    except SyntaxError:
        print("SyntaxError", repr(src))
