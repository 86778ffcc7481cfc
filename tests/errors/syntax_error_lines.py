cases = [
    "x = (1,\n2\n",
    "def f():\nreturn 1\n",
    "if x:\n    pass\n  else:\n    pass\n",
    "for x in range(3)\n    pass\n",
    "a = 1\nb = 2 +\nc = 3\n",
    "class C\n    pass\n",
    "print('unterminated)\n",
    "x = [1, 2\ny = 3\n",
    "def f(a, a):\n    pass\n",
    "lambda: (yield)\nreturn\n",
]
for src in cases:
    try:
        compile(src, "case.py", "exec")
        print("compiled")
    except SyntaxError as e:
        print(type(e).__name__, e.lineno)
