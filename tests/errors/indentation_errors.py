for src in ["if 1:\npass", "  x = 1", "if 1:\n    a = 1\n   b = 2", "def f():\n\tif 1:\n\t\treturn 1\n\t  return 2"]:
    try:
        compile(src, "<i>", "exec")
        print("compiled")
    except IndentationError as e:
        print("IndentationError", e.lineno)
    except SyntaxError as e:
        print("SyntaxError", e.lineno)
